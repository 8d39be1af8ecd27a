// A raw baseline: bare node:http + better-sqlite3 prepared statements on the same DB file,
// answering the same JSON shapes as GET /api/v1/articles?section=…&limit=20 (/list?section=…)
// and GET /api/v1/articles/{slug} (/article/{slug}). No validation, no auth, no caching.
// It runs the statements the server runs: a page's relations are read in one batch per kind
// (sections, tags, bylines, corrections, then every image at once), not one query per article,
// and an article also reads its story's other versions.
// Usage: node bench/baseline.mjs <db file> <port>
import Database from 'better-sqlite3';
import { createServer } from 'node:http';

const WIDTHS = [160, 320, 480, 640, 800, 1024, 1280, 1600, 1920, 2560];
const iso = (s) => (s ? new Date(s.replace(' ', 'T') + 'Z').toISOString() : null);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function startBaseline(dbFile, port) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const sectionBySlug = db.prepare(`SELECT * FROM sections WHERE locale = 'en' AND slug = ?`);
  const listStmt = db.prepare(
    `SELECT * FROM articles WHERE section_id = ? AND status = 'published' ORDER BY published_at DESC, id DESC LIMIT ?`,
  );
  const bySlug = db.prepare(`SELECT * FROM articles WHERE locale = 'en' AND slug = ? AND status = 'published'`);
  /** A statement per IN-list length, prepared once. */
  const prepared = new Map();
  const inList = (sql, ids) => {
    const text = sql.replace('(?*)', `(${ids.map(() => '?').join(', ')})`);
    let statement = prepared.get(text);
    if (!statement) prepared.set(text, (statement = db.prepare(text)));
    return statement.all(...ids);
  };
  const byKey = (rows, key) => {
    const map = new Map();
    for (const row of rows) {
      const list = map.get(row[key]);
      if (list) list.push(row);
      else map.set(row[key], [row]);
    }
    return map;
  };
  /** The relations of many articles: one statement per kind, as the server reads them. */
  const loadRelations = (articles) => {
    const ids = articles.map((a) => a.id);
    const sections = new Map(inList(`SELECT * FROM sections WHERE id IN (?*)`, [...new Set(articles.map((a) => a.section_id))]).map((s) => [s.id, s]));
    const linked = (links, table, column) =>
      byKey(
        inList(`SELECT x.*, l.article_id AS link_article_id, l.position AS link_position FROM ${links} l JOIN ${table} x ON x.id = l.${column} WHERE l.article_id IN (?*)`, ids).sort(
          (a, b) => a.link_position - b.link_position,
        ),
        'link_article_id',
      );
    const tags = linked('article_tags', 'tags', 'tag_id');
    const authors = linked('article_authors', 'authors', 'author_id');
    const corrections = byKey(inList(`SELECT * FROM article_corrections WHERE article_id IN (?*) ORDER BY created_at ASC, id ASC`, ids), 'article_id');
    const mediaIds = new Set(articles.map((a) => a.main_image_id).filter(Boolean));
    for (const list of authors.values()) for (const p of list) if (p.photo_id) mediaIds.add(p.photo_id);
    const media = mediaIds.size ? new Map(inList(`SELECT * FROM media WHERE id IN (?*)`, [...mediaIds]).map((m) => [m.id, m])) : new Map();
    return { sections, tags, authors, corrections, media };
  };
  const versionsStmt = db.prepare(
    `SELECT id, slug, locale, headline, status, embargo_until, translation_group_id FROM articles WHERE translation_group_id IN (?) ORDER BY locale ASC, id ASC`,
  );

  const presentSection = (s) => ({
    id: s.id,
    slug: s.slug,
    locale: s.locale,
    name: s.name,
    description: s.description,
    parentId: s.parent_id,
    position: s.position,
    seoTitle: s.seo_title,
    seoDescription: s.seo_description,
    children: [],
    updatedAt: iso(s.updated_at),
  });
  const creditLine = (m) => m.credit_line || [m.copyright_notice, m.creator].filter(Boolean).join(' . ') || null;
  const presentMedia = (m, base) => {
    if (!m) return null;
    const url = `${base}/api/v1/media/${m.id}/file`;
    const renditions = [];
    for (const format of ['webp', 'jpeg'])
      for (const w of WIDTHS.filter((w) => w <= m.width))
        renditions.push({ url: `${url}?width=${w}&format=${format}&aspect=original&v=c`, width: w, height: Math.round((w * m.height) / m.width), format, aspect: 'original' });
    return {
      id: m.id,
      kind: m.kind,
      mimeType: m.mime_type,
      size: m.size,
      sha256: m.sha256,
      width: m.width,
      height: m.height,
      url,
      caption: m.caption,
      altText: m.alt_text,
      creator: m.creator,
      source: m.source,
      copyrightNotice: m.copyright_notice,
      creditLine: creditLine(m),
      mediabankUrl: m.mediabank_url,
      credit: m.credit,
      headline: m.headline,
      keywords: m.keywords ? JSON.parse(m.keywords) : [],
      city: m.city,
      country: m.country,
      renditions,
      focalPoint: m.focal_x == null ? null : { x: m.focal_x, y: m.focal_y },
      dateCreated: iso(m.date_created),
      createdAt: iso(m.created_at),
      updatedAt: iso(m.updated_at),
    };
  };
  const presentArticle = (a, rel, base, full) => {
    const section = rel.sections.get(a.section_id);
    const tags = rel.tags.get(a.id) ?? [];
    const authors = rel.authors.get(a.id) ?? [];
    const media = a.main_image_id ? rel.media.get(a.main_image_id) : null;
    const body = JSON.parse(a.body);
    const bodyText = body.map((b) => b.text ?? '').join('\n\n');
    const words = bodyText.split(/\s+/).filter(Boolean).length;
    const out = {
      id: a.id,
      slug: a.slug,
      locale: a.locale,
      translationGroupId: a.translation_group_id,
      headline: a.headline,
      lead: a.lead,
      dateline: a.dateline,
      ...(full ? { body, bodyText } : {}),
      wordCount: words,
      readingTimeMinutes: Math.max(1, Math.ceil(words / 200)),
      status: a.status,
      publishedAt: iso(a.published_at),
      firstPublishedAt: iso(a.first_published_at),
      publishAt: iso(a.publish_at),
      unpublishAt: iso(a.unpublish_at),
      embargoUntil: iso(a.embargo_until),
      updatedAt: iso(a.updated_at),
      createdAt: iso(a.created_at),
      isBreaking: Boolean(a.is_breaking),
      urgency: a.urgency,
      commentsEnabled: Boolean(a.comments_enabled),
      commentCount: a.comment_count ?? 0,
      version: a.version,
      seoTitle: a.seo_title,
      seoDescription: a.seo_description,
      canonicalUrl: a.canonical_url,
      ...(full ? { bodyHtml: body.map((b) => `<p>${esc(b.text ?? '')}</p>`).join('\n') } : {}),
      section: presentSection(section),
      tags: tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name, kind: t.kind, mediaTopicUri: t.media_topic_uri })),
      authors: authors.map((p) => ({ id: p.id, slug: p.slug, name: p.name, bio: p.bio, photoId: p.photo_id, photo: presentMedia(p.photo_id ? rel.media.get(p.photo_id) : null, base) })),
      mainImage: presentMedia(media, base),
      corrections: (rel.corrections.get(a.id) ?? []).map((c) => ({ text: c.text, createdAt: iso(c.created_at) })),
    };
    if (full) {
      const now = Date.now();
      out.translations = versionsStmt
        .all(a.translation_group_id)
        .filter((v) => v.id !== a.id && v.status === 'published' && (!v.embargo_until || Date.parse(iso(v.embargo_until)) <= now))
        .map((v) => ({ id: v.id, slug: v.slug, locale: v.locale, headline: v.headline, status: v.status }));
      const url = `${base}/en/${section.slug}/${a.slug}`;
      out.jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: a.headline,
        description: a.lead,
        image: out.mainImage && { '@type': 'ImageObject', contentUrl: out.mainImage.url, url: out.mainImage.url, width: out.mainImage.width, height: out.mainImage.height },
        datePublished: out.publishedAt,
        dateModified: out.updatedAt,
        author: out.authors.map((p) => ({ '@type': 'Person', name: p.name, url: `${base}/authors/${p.slug}` })),
        articleSection: section.name,
        inLanguage: a.locale,
        keywords: out.tags.map((t) => t.name),
        wordCount: words,
        url,
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      };
    }
    return out;
  };

  const send = (res, status, obj) => {
    const body = JSON.stringify(obj);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const base = `http://${req.headers.host}`;
    if (url.pathname === '/list') {
      const section = sectionBySlug.get(url.searchParams.get('section') ?? '');
      if (!section) return send(res, 404, { error: 'no such section' });
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const rows = listStmt.all(section.id, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > limit ? Buffer.from(JSON.stringify(['pub', iso(last.published_at), last.id])).toString('base64url') : null;
      const rel = loadRelations(page);
      return send(res, 200, { data: page.map((a) => presentArticle(a, rel, base, false)), page: { nextCursor, hasMore: rows.length > limit } });
    }
    if (url.pathname.startsWith('/article/')) {
      const a = bySlug.get(decodeURIComponent(url.pathname.slice('/article/'.length)));
      if (!a) return send(res, 404, { error: 'not found' });
      return send(res, 200, presentArticle(a, loadRelations([a]), base, true));
    }
    send(res, 404, { error: 'not found' });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, db })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dbFile, port = '3200'] = process.argv.slice(2);
  startBaseline(dbFile, Number(port)).then(() => console.log(`baseline on :${port}`));
}
