import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { el, elIf, xmlDocument, xmlEnvelope, xmlFragment } from './xml.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false });

describe('XML writer', () => {
  it('escapes text exactly once: "&" is escaped even where it already looks like an entity', () => {
    const doc = xmlDocument();
    el(doc, 't', 'AT&T; &amp; &lt;b&gt; &#60; &nbsp; <b>x</b> ]]> "q" \'a\'');
    const xml = doc.end();
    assert.equal(xml, `${DECLARATION}<t>AT&amp;T; &amp;amp; &amp;lt;b&amp;gt; &amp;#60; &amp;nbsp; &lt;b&gt;x&lt;/b&gt; ]]&gt; "q" 'a'</t>`);
    assert.equal(XMLValidator.validate(xml), true);
    assert.equal(parser.parse(xml).t, 'AT&T; &amp; &lt;b&gt; &#60; &nbsp; <b>x</b> ]]> "q" \'a\'');
  });

  it('escapes attribute values, tab and line breaks included, and keeps the attributes in the order given', () => {
    const doc = xmlDocument();
    el(doc, 'a', null, { z: 'x&y <"q"> &amp;', b: 'tab\there\nnew\rline', n: 1600, skipped: null, gone: undefined, a: "it's" });
    assert.equal(doc.end(), `${DECLARATION}<a z="x&amp;y &lt;&quot;q&quot;&gt; &amp;amp;" b="tab&#9;here&#10;new&#13;line" n="1600" a="it's"/>`);
  });

  it('drops characters XML 1.0 cannot carry, in text and attributes, and keeps emoji', () => {
    const bad = 'a\u0000b\u0007c\u000bd\u000ce\u001ff\ud800g\udc00h\ufffei\uffffj';
    const doc = xmlDocument();
    el(doc, 't', `${bad} 🚀 \t\n\r é \u0085`, { v: `${bad} 🚀` });
    const xml = doc.end();
    assert.equal(xml, `${DECLARATION}<t v="abcdefghij 🚀">abcdefghij 🚀 \t\n\r é \u0085</t>`);
    assert.equal(XMLValidator.validate(xml), true);
  });

  it('writes nested elements in order: empty ones self-closed, "" as an empty pair, elIf left out without text', () => {
    const doc = xmlDocument();
    const root = el(doc, 'root', null, { xmlns: 'urn:x' });
    const first = el(root, 'first');
    el(first, 'leaf', 'one');
    el(first, 'empty');
    el(root, 'blank', '');
    elIf(root, 'none', null);
    elIf(root, 'none', '');
    elIf(root, 'some', 'two', { k: 'v' });
    assert.equal(root.end(), `${DECLARATION}<root xmlns="urn:x"><first><leaf>one</leaf><empty/></first><blank></blank><some k="v">two</some></root>`);
    assert.equal(xmlDocument().end(), DECLARATION);
  });

  it('refuses to add to an element that has already ended, or to a finished document', () => {
    const doc = xmlDocument();
    const root = el(doc, 'root');
    const first = el(root, 'first');
    el(root, 'second');
    assert.throws(() => el(first, 'late'), /<first> has already ended/);
    assert.equal(root.end(), `${DECLARATION}<root><first/><second/></root>`);
    assert.throws(() => el(root, 'after'), /already been ended/);
  });

  it('writes fragments without a declaration, to go inside an envelope', () => {
    const { head, tail } = xmlEnvelope('urlset', { xmlns: 'urn:s', 'xmlns:x': 'urn:x?a=1&b=2' });
    assert.equal(head, `${DECLARATION}<urlset xmlns="urn:s" xmlns:x="urn:x?a=1&amp;b=2">`);
    assert.equal(tail, '</urlset>');
    const fragment = xmlFragment();
    el(el(fragment, 'url'), 'loc', 'https://n.example/a?x=1&y=2');
    el(fragment, 'url');
    assert.equal(fragment.end(), '<url><loc>https://n.example/a?x=1&amp;y=2</loc></url><url/>');
  });
});
