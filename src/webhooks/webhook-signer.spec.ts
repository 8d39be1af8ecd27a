import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateWebhookSecret, SecretBox, signPayload, verifySignature } from './webhook-signer.js';

describe('webhook signatures', () => {
  it('sign HMAC-SHA256 over "<timestamp>.<body>" as v1=<hex>', () => {
    const body = '{"id":"x","type":"article.published"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1764300000.${body}`).digest('hex');
    assert.equal(signPayload('whsec_test', 1764300000, body), `v1=${expected}`);
  });

  it('verify only the same secret, timestamp and body', () => {
    const header = signPayload('whsec_test', 1764300000, 'body');
    assert.equal(verifySignature('whsec_test', 1764300000, 'body', header), true);
    assert.equal(verifySignature('whsec_test', 1764300000, 'body', `v1=deadbeef ${header}`), true);
    assert.equal(verifySignature('whsec_other', 1764300000, 'body', header), false);
    assert.equal(verifySignature('whsec_test', 1764300001, 'body', header), false);
    assert.equal(verifySignature('whsec_test', 1764300000, 'body ', header), false);
  });

  it('generates distinct, recognisable 256-bit secrets', () => {
    const a = generateWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, generateWebhookSecret());
  });
});

describe('stored secrets', () => {
  it('round-trip, are not stored readable, and differ each time', () => {
    const box = new SecretBox('a-jwt-secret-of-at-least-thirty-two-characters');
    const sealed = box.seal('whsec_abc');
    assert.doesNotMatch(sealed, /whsec_abc/);
    assert.notEqual(sealed, box.seal('whsec_abc'));
    assert.equal(box.open(sealed), 'whsec_abc');
  });

  it('cannot be opened with another key or when damaged', () => {
    const sealed = new SecretBox('a-jwt-secret-of-at-least-thirty-two-characters').seal('whsec_abc');
    assert.equal(new SecretBox('another-jwt-secret-of-at-least-thirty-two-chars').open(sealed), null);
    const box = new SecretBox('a-jwt-secret-of-at-least-thirty-two-characters');
    assert.equal(box.open(sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')), null);
    assert.equal(box.open('not sealed'), null);
  });
});
