import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BodyBlock } from './blocks.js';
import { countWords, escapeHtml, readingTimeMinutes, renderBodyHtml, renderBodyText } from './render.js';

const EVIL = `<script>alert("x")</script> & 'y'`;
const EVIL_HTML = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';
const MEDIA_ID = '9b2f4a52-3c1e-4d8a-9a57-0f8e7f1a2b3c';
const mediaUrl = (id: string) => `http://cms.test/media/${id}/file`;

/** No markup of the editor's survives: no tag opens, and no attribute value is left early. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<script|<\/script|onerror=|"\s*on\w+=/i);
  assert.doesNotMatch(html, /'/, 'single quotes are escaped too (attribute values could be single-quoted downstream)');
}

describe('body rendering', () => {
  describe('HTML', () => {
    it('escapes markup and quotes in a paragraph', () => {
      const html = renderBodyHtml([{ type: 'paragraph', text: EVIL }], mediaUrl);
      assert.equal(html, `<p>${EVIL_HTML}</p>`);
      assertInert(html);
    });

    it('escapes a heading and uses its level', () => {
      const html = renderBodyHtml([{ type: 'heading', text: EVIL, level: 3 }], mediaUrl);
      assert.equal(html, `<h3>${EVIL_HTML}</h3>`);
      assertInert(html);
    });

    it('escapes every part of a quote', () => {
      const html = renderBodyHtml([{ type: 'quote', text: EVIL, attribution: EVIL, context: EVIL }], mediaUrl);
      assert.equal(html, `<blockquote><p>${EVIL_HTML}</p><footer><cite>${EVIL_HTML}</cite> ${EVIL_HTML}</footer></blockquote>`);
      assertInert(html);
    });

    it('escapes an image caption (in alt and figcaption) and the media URL', () => {
      const html = renderBodyHtml([{ type: 'image', mediaId: MEDIA_ID, caption: EVIL }], (id) => `http://cms.test/media/${id}?a=1&b="2"`);
      assert.equal(
        html,
        `<figure><img src="http://cms.test/media/${MEDIA_ID}?a=1&amp;b=&quot;2&quot;" alt="${EVIL_HTML}"><figcaption>${EVIL_HTML}</figcaption></figure>`,
      );
      assertInert(html);
      assert.equal(
        renderBodyHtml([{ type: 'image', mediaId: MEDIA_ID, caption: null }], mediaUrl),
        `<figure><img src="${mediaUrl(MEDIA_ID)}" alt=""></figure>`,
      );
    });

    it('escapes an embed URL in the href and in the text', () => {
      const url = `https://example.com/watch?v=1&t="><script>alert('x')</script>`;
      const html = renderBodyHtml([{ type: 'embed', url }], mediaUrl);
      const escaped = 'https://example.com/watch?v=1&amp;t=&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;';
      assert.equal(html, `<figure class="embed"><a href="${escaped}" rel="noopener nofollow">${escaped}</a></figure>`);
      assertInert(html);
    });

    it('escapes every list item and picks ol or ul', () => {
      const ul = renderBodyHtml([{ type: 'list', ordered: false, items: [EVIL, 'plain'] }], mediaUrl);
      assert.equal(ul, `<ul><li>${EVIL_HTML}</li><li>plain</li></ul>`);
      assertInert(ul);
      const ol = renderBodyHtml([{ type: 'list', ordered: true, items: ['one', 'two'] }], mediaUrl);
      assert.equal(ol, '<ol><li>one</li><li>two</li></ol>');
    });

    it('renders the quote footer as the page shows it: cite, then the context', () => {
      const quote = { type: 'quote' as const, text: 'We cannot just passively observe events.' };
      const p = '<p>We cannot just passively observe events.</p>';
      assert.equal(
        renderBodyHtml(
          [{ ...quote, attribution: 'Vladimir Putin', context: 'Putin said during a meeting with Russian ambassadors in Moscow.' }],
          mediaUrl,
        ),
        `<blockquote>${p}<footer><cite>Vladimir Putin</cite> Putin said during a meeting with Russian ambassadors in Moscow.</footer></blockquote>`,
      );
      assert.equal(
        renderBodyHtml([{ ...quote, attribution: 'Vladimir Putin', context: null }], mediaUrl),
        `<blockquote>${p}<footer><cite>Vladimir Putin</cite></footer></blockquote>`,
      );
      assert.equal(
        renderBodyHtml([{ ...quote, attribution: null, context: 'he said.' }], mediaUrl),
        `<blockquote>${p}<footer>he said.</footer></blockquote>`,
      );
      assert.equal(renderBodyHtml([{ ...quote, attribution: null, context: null }], mediaUrl), `<blockquote>${p}</blockquote>`);
    });

    it('keeps the order of blocks, one per line, and renders an empty body as nothing', () => {
      const blocks: BodyBlock[] = [
        { type: 'paragraph', text: 'First.' },
        { type: 'heading', text: 'Then', level: 2 },
        { type: 'paragraph', text: 'Last.' },
      ];
      assert.equal(renderBodyHtml(blocks, mediaUrl), '<p>First.</p>\n<h2>Then</h2>\n<p>Last.</p>');
      assert.equal(renderBodyHtml([], mediaUrl), '');
    });

    it('escapeHtml covers the five characters that matter, and nothing else', () => {
      assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
      assert.equal(escapeHtml('Путин – “quote” ©'), 'Путин – “quote” ©');
      assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'text is text: an entity typed by an editor is shown, not interpreted');
    });
  });

  describe('text', () => {
    it('is one paragraph per block, quotes in typographic quotes followed by their context', () => {
      const text = renderBodyText([
        { type: 'paragraph', text: 'Russian President Vladimir Putin called on diplomats.' },
        { type: 'quote', text: 'We cannot just passively observe events', attribution: 'Vladimir Putin', context: 'Putin said.' },
        { type: 'image', mediaId: MEDIA_ID, caption: null },
        { type: 'image', mediaId: MEDIA_ID, caption: 'A caption.' },
        { type: 'list', ordered: false, items: ['a', 'b'] },
        { type: 'embed', url: 'https://example.com/v' },
      ]);
      assert.equal(
        text,
        'Russian President Vladimir Putin called on diplomats.\n\n“We cannot just passively observe events” Putin said.\n\nA caption.\n\n- a\n- b\n\nhttps://example.com/v',
      );
    });

    it('is never HTML-escaped (it is plain text)', () => {
      assert.equal(renderBodyText([{ type: 'paragraph', text: EVIL }]), EVIL);
    });
  });

  describe('word count and reading time', () => {
    it('counts words in any script, keeping contractions and hyphenated words whole', () => {
      assert.equal(countWords(''), 0);
      assert.equal(countWords('  — … !! '), 0);
      assert.equal(countWords('Putin met the ambassadors'), 4);
      assert.equal(countWords('Путин встретился с послами'), 4);
      assert.equal(countWords('Russia’s foreign-policy isn\'t 100% "independent"'), 5);
      assert.equal(countWords('line one\n\nline two'), 4);
    });

    it('is at least one minute, at 200 words a minute, rounded up', () => {
      assert.equal(readingTimeMinutes(0), 1);
      assert.equal(readingTimeMinutes(1), 1);
      assert.equal(readingTimeMinutes(200), 1);
      assert.equal(readingTimeMinutes(201), 2);
      assert.equal(readingTimeMinutes(1000), 5);
    });

    it('a 450-word body reads in 3 minutes', () => {
      const text = renderBodyText([
        { type: 'paragraph', text: Array(300).fill('word').join(' ') },
        { type: 'quote', text: Array(100).fill('said').join(' '), attribution: 'Someone', context: Array(50).fill('context').join(' ') },
      ]);
      const words = countWords(text);
      assert.equal(words, 450);
      assert.equal(readingTimeMinutes(words), 3);
    });
  });
});
