import { EnvReader } from './env.js';

export const SYNDICATION_CONFIG = Symbol('SYNDICATION_CONFIG');

/** Where readers find things on the frontend, and how large feeds and sitemaps get. */
export interface SyndicationConfig {
  /** The public web page of an article: `{base}`, `{locale}`, `{section}` (slug), `{slug}`, `{id}`. */
  articleUrlTemplate: string;
  /** The public web page of a section: `{base}`, `{locale}`, `{section}`. */
  sectionUrlTemplate: string;
  /** The front page of an edition: `{base}`, `{locale}`. */
  homeUrlTemplate: string;
  /** Items in each RSS, Atom and JSON feed. */
  feedSize: number;
  /** URLs in each `/sitemaps/articles-{n}.xml` (the protocol allows at most 50,000). */
  sitemapPageSize: number;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;
const ALLOWED: Record<'ARTICLE_URL_TEMPLATE' | 'SECTION_URL_TEMPLATE' | 'HOME_URL_TEMPLATE', string[]> = {
  ARTICLE_URL_TEMPLATE: ['base', 'locale', 'section', 'slug', 'id'],
  SECTION_URL_TEMPLATE: ['base', 'locale', 'section'],
  HOME_URL_TEMPLATE: ['base', 'locale'],
};

/** A template with only known placeholders that makes an absolute http(s) URL. */
function template(r: EnvReader, name: keyof typeof ALLOWED, fallback: string, required: string[]): string {
  const value = r.string(name, fallback);
  const used = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const unknown = used.filter((p) => !ALLOWED[name].includes(p));
  if (unknown.length)
    r.problems.push(
      `${name}="${value}" uses unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; allowed: ${ALLOWED[name].map((p) => `{${p}}`).join(' ')}.`,
    );
  if (required.length && !required.some((p) => used.includes(p)))
    r.problems.push(`${name}="${value}" must contain ${required.map((p) => `{${p}}`).join(' or ')}.`);
  const sample = value.replace(PLACEHOLDER, (_m, p: string) => (p === 'base' ? 'http://localhost' : 'x'));
  try {
    if (!['http:', 'https:'].includes(new URL(sample).protocol)) throw new Error('not http(s)');
  } catch {
    r.problems.push(`${name}="${value}" must make an absolute http(s) URL, e.g. {base}/… or https://www.example.com/….`);
  }
  return value;
}

export function readSyndicationConfig(env: NodeJS.ProcessEnv = process.env): SyndicationConfig {
  const r = new EnvReader(env);
  const config: SyndicationConfig = {
    articleUrlTemplate: template(r, 'ARTICLE_URL_TEMPLATE', '{base}/{locale}/{section}/{slug}', ['slug', 'id']),
    sectionUrlTemplate: template(r, 'SECTION_URL_TEMPLATE', '{base}/{locale}/{section}', ['section']),
    homeUrlTemplate: template(r, 'HOME_URL_TEMPLATE', '{base}/{locale}', []),
    feedSize: r.int('FEED_SIZE', 50, 1, 100),
    sitemapPageSize: r.int('SITEMAP_PAGE_SIZE', 50_000, 1, 50_000),
  };
  r.done();
  return config;
}

/** Fills a template; every value but `{base}` is percent-encoded as a path segment. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (match, name: string) => {
    const value = values[name];
    if (value === undefined) return match;
    return name === 'base' ? value : encodeURIComponent(value);
  });
}
