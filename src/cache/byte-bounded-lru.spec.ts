import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteBoundedLru } from './byte-bounded-lru.js';

const item = (bytes: number) => ({ bytes });

describe('ByteBoundedLru', () => {
  it('pushes out the least recently used first once over its bound, and a read makes a value recent', () => {
    const removed: string[] = [];
    const lru = new ByteBoundedLru<{ bytes: number }>(100, (key) => removed.push(key));
    for (const key of ['a', 'b', 'c', 'd']) assert.equal(lru.set(key, item(25)), true);
    assert.deepEqual(lru.size, { entries: 4, bytes: 100 });
    assert.ok(lru.get('a'), 'a is read: now the most recent');
    lru.set('e', item(25));
    assert.deepEqual(removed, ['b']);
    assert.equal(lru.get('b'), undefined);
    lru.set('f', item(25));
    assert.deepEqual(removed, ['b', 'c']);
    assert.ok(lru.get('a'));
    assert.deepEqual(lru.size, { entries: 4, bytes: 100 });
  });

  it('counts a replaced value once, and tells of the one it replaced', () => {
    const removed: [string, number][] = [];
    const lru = new ByteBoundedLru<{ bytes: number }>(100, (key, value) => removed.push([key, value.bytes]));
    lru.set('a', item(20));
    lru.set('a', item(10));
    assert.deepEqual(lru.size, { entries: 1, bytes: 10 });
    assert.deepEqual(removed, [['a', 20]]);
  });

  it('refuses a value over a quarter of its bound and keeps what it had', () => {
    const removed: string[] = [];
    const lru = new ByteBoundedLru<{ bytes: number }>(100, (key) => removed.push(key));
    lru.set('a', item(20));
    assert.equal(lru.set('a', item(26)), false);
    assert.equal(lru.get('a')?.bytes, 20);
    assert.deepEqual(removed, []);
  });

  it('deletes (telling of it) and clears (without)', () => {
    const removed: string[] = [];
    const lru = new ByteBoundedLru<{ bytes: number }>(100, (key) => removed.push(key));
    lru.set('a', item(10));
    lru.set('b', item(10));
    lru.delete('a');
    lru.delete('missing');
    assert.deepEqual(removed, ['a']);
    lru.clear();
    assert.deepEqual(removed, ['a']);
    assert.deepEqual(lru.size, { entries: 0, bytes: 0 });
  });
});
