import { EnvReader } from './env.js';

export interface MediaConfig {
  /** Largest upload accepted, in bytes (413 above). */
  maxBytes: number;
  /** Largest image accepted, in pixels (422 above), judged from the header before decoding. */
  maxPixels: number;
  /** Keep the unstripped upload (with GPS and camera EXIF) under DATA_DIR/originals; never served. */
  keepOriginals: boolean;
  /** How a credit line is rendered: `{copyrightNotice}`, `{creator}`, `{source}`, `{credit}`; empty parts drop out. */
  creditTemplate: string;
}

export function readMediaConfig(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  const r = new EnvReader(env);
  const config: MediaConfig = {
    maxBytes: r.int('MEDIA_MAX_BYTES', 25 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    // The decoder's own ceiling is 268 megapixels (libvips' default): nothing above it can be rendered.
    maxPixels: r.int('MEDIA_MAX_PIXELS', 50_000_000, 1, 268_402_689),
    keepOriginals: r.bool('MEDIA_KEEP_ORIGINALS', false),
    creditTemplate: r.string('MEDIA_CREDIT_TEMPLATE', '{copyrightNotice} . {creator}'),
  };
  if (!/\{(copyrightNotice|creator|source|credit)\}/.test(config.creditTemplate)) {
    r.problems.push('MEDIA_CREDIT_TEMPLATE must use at least one of {copyrightNotice}, {creator}, {source}, {credit}.');
  }
  r.done();
  return config;
}
