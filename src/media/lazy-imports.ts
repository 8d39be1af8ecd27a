import type Sharp from 'sharp';

/**
 * Image libraries only uploads and new renditions use: loaded on the first of those, not at
 * start-up, where they cost most readers' servers memory (libvips alone is ~30 MB resident)
 * and start-up time for nothing. Node caches the module after the first call.
 */
export const loadSharp = async (): Promise<typeof Sharp> => (await import('sharp')).default;
