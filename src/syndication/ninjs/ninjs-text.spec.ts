import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntities, htmlToParagraphs, htmlToText, isHtml, singleLine, textToParagraphs } from './ninjs-text.js';

describe('wire text into paragraphs', () => {
  it('HTML: one paragraph per block element, tags stripped, entities decoded', () => {
    const html = `<div class="story">
      <p>First &amp; <b>bold</b>
         line.</p><p>Second<br>with a break.</p>
      <h2>A heading</h2><ul><li>one</li><li>two</li></ul>
      <script>alert("x")</script><style>p{}</style><!-- note -->
      <blockquote><p>&ldquo;Quoted&rdquo; &#8212; &#x2014;</p></blockquote></div>`;
    assert.deepEqual(htmlToParagraphs(html), ['First & bold line.', 'Second\nwith a break.', 'A heading', 'one', 'two', '“Quoted” — —']);
  });

  it('HTML without block elements is one paragraph; markup never survives', () => {
    assert.deepEqual(htmlToParagraphs('Just <i>inline</i> text'), ['Just inline text']);
    assert.deepEqual(htmlToParagraphs('&lt;script&gt; stays text'), ['<script> stays text']);
    assert.deepEqual(htmlToParagraphs('<p> </p><p>&nbsp;</p>'), []);
    assert.equal(htmlToText('<p>A</p><p>B</p>'), 'A B');
  });

  it('text: a blank line ends a paragraph, hard wraps become spaces, controls go', () => {
    assert.deepEqual(textToParagraphs('One\r\nwrapped.\r\n\r\n \t\nTwo.\n\n\n\nThree\u0007.'), ['One wrapped.', 'Two.', 'Three.']);
    assert.deepEqual(textToParagraphs('  \n\n '), []);
  });

  it('decodes numeric and named entities, and leaves unknown or invalid ones as they are', () => {
    assert.equal(decodeEntities('&eacute;&#233;&#xE9;&unknown;&#xD800;&#99999999;'), '&eacute;éé&unknown;&#xD800;&#99999999;');
    assert.equal(decodeEntities('&AMP;&quot;&apos;&hellip;'), '&"\'…');
  });

  it('one line for headlines; HTML told by the content type, or by looking like markup', () => {
    assert.equal(singleLine(' A\n headline\t here\u2028 '), 'A headline here');
    assert.equal(isHtml('text/html', 'plain'), true);
    assert.equal(isHtml('text/plain', '<p>x</p>'), false);
    assert.equal(isHtml(undefined, '<p>x</p>'), true);
    assert.equal(isHtml(undefined, 'a < b and c > d'), false);
  });
});
