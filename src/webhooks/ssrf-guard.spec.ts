import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../common/errors/domain-error.js';
import { isForbiddenAddress, resolveWebhookTarget, type Resolver } from './ssrf-guard.js';

const refusedWith = (code: string) => (error: unknown) => {
  assert.ok(error instanceof DomainError, String(error));
  assert.equal(error.code, code, error.message);
  assert.equal(error.status, 400);
  return true;
};

/** A resolver that answers from a table, like DNS would. */
const dns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('SSRF guard: addresses', () => {
  it('refuses loopback, private, link-local, unspecified, CGNAT, multicast and reserved IPv4', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '100.127.255.255',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '198.18.0.1',
      '192.0.2.10',
    ]) {
      assert.equal(isForbiddenAddress(address), true, address);
    }
  });

  it('lets public IPv4 through, also next to the refused ranges', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.0.1', '11.0.0.1']) {
      assert.equal(isForbiddenAddress(address), false, address);
    }
  });

  it('refuses loopback, unspecified, unique-local, link-local and multicast IPv6, and IPv4 hidden in IPv6', () => {
    for (const address of [
      '::1',
      '::',
      'fc00::1',
      'fd12:3456:789a::1',
      'fe80::1',
      'fe80::1%eth0',
      'febf::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '::127.0.0.1',
    ]) {
      assert.equal(isForbiddenAddress(address), true, address);
    }
  });

  it('lets public IPv6 through, and a mapped public IPv4', () => {
    for (const address of ['2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8', '2002:808:808::1']) {
      assert.equal(isForbiddenAddress(address), false, address);
    }
  });

  it('refuses what is not an address at all', () => {
    assert.equal(isForbiddenAddress('localhost'), true);
    assert.equal(isForbiddenAddress(''), true);
  });
});

describe('SSRF guard: URLs', () => {
  const resolver = dns({
    'hooks.example.com': ['93.184.216.34'],
    'sneaky.example.com': ['93.184.216.34', '10.0.0.7'],
    localhost: ['127.0.0.1', '::1'],
  });

  it('accepts a public host and pins the address it checked', async () => {
    const target = await resolveWebhookTarget('https://hooks.example.com/in?x=1', [], resolver);
    assert.equal(target.address, '93.184.216.34');
    assert.equal(target.family, 4);
    assert.equal(target.url.href, 'https://hooks.example.com/in?x=1');
  });

  it('refuses internal IP literals in every spelling the URL parser accepts', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://10.0.0.1:8080/x',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://0/',
    ]) {
      await assert.rejects(resolveWebhookTarget(url, [], resolver), refusedWith('WEBHOOK_URL_FORBIDDEN'), url);
    }
  });

  it('refuses a host name that resolves to an internal address, even one of several', async () => {
    await assert.rejects(resolveWebhookTarget('http://localhost:3000/', [], resolver), refusedWith('WEBHOOK_URL_FORBIDDEN'));
    await assert.rejects(resolveWebhookTarget('https://sneaky.example.com/', [], resolver), refusedWith('WEBHOOK_URL_FORBIDDEN'));
  });

  it('lets the allow-list through, by host name or address', async () => {
    assert.equal((await resolveWebhookTarget('http://localhost:3000/', ['localhost'], resolver)).address, '127.0.0.1');
    assert.equal((await resolveWebhookTarget('http://127.0.0.1:3000/', ['127.0.0.1'], resolver)).address, '127.0.0.1');
    assert.equal((await resolveWebhookTarget('http://[::1]:3000/', ['::1'], resolver)).family, 6);
    await assert.rejects(resolveWebhookTarget('http://127.0.0.2/', ['127.0.0.1'], resolver), refusedWith('WEBHOOK_URL_FORBIDDEN'));
  });

  it('refuses other schemes, credentials, and what is not a URL', async () => {
    for (const url of ['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://hooks.example.com/', 'hooks.example.com/x', '', 'http://']) {
      await assert.rejects(resolveWebhookTarget(url, [], resolver), refusedWith('INVALID_WEBHOOK_URL'), url);
    }
    await assert.rejects(resolveWebhookTarget('https://user:pass@hooks.example.com/', [], resolver), refusedWith('INVALID_WEBHOOK_URL'));
  });

  it('says so when the host does not resolve', async () => {
    await assert.rejects(resolveWebhookTarget('https://nowhere.example.com/', [], resolver), refusedWith('WEBHOOK_URL_UNRESOLVABLE'));
  });
});
