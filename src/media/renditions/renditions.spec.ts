import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cropBox,
  focalKey,
  FORMAT_MIME,
  outputSize,
  RENDITION_ASPECTS,
  RENDITION_FORMATS,
  RENDITION_WIDTHS,
  type RenditionAspect,
} from './renditions.js';

const ratioOf = (aspect: Exclude<RenditionAspect, 'original'>) => {
  const [w, h] = aspect.split(':').map(Number);
  return w / h;
};
const CROPPED = RENDITION_ASPECTS.filter((a): a is Exclude<RenditionAspect, 'original'> => a !== 'original');

describe('renditions: the fixed grid', () => {
  it('has sorted widths, three formats with their MIME types, and seven aspects', () => {
    assert.deepEqual([...RENDITION_WIDTHS], [160, 320, 480, 640, 800, 1024, 1280, 1600, 1920, 2560]);
    assert.deepEqual([...RENDITION_FORMATS], ['jpeg', 'webp', 'avif']);
    assert.deepEqual(FORMAT_MIME, { jpeg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif' });
    assert.deepEqual([...RENDITION_ASPECTS], ['original', '16:9', '4:3', '3:2', '1:1', '4:5', '9:16']);
  });
});

describe('renditions: cropBox', () => {
  it('is the whole picture for "original", focal point or not', () => {
    assert.deepEqual(cropBox(1600, 900, 'original', null), { left: 0, top: 0, width: 1600, height: 900 });
    assert.deepEqual(cropBox(1600, 900, 'original', { x: 0.9, y: 0.1 }), { left: 0, top: 0, width: 1600, height: 900 });
  });

  it('is the largest centred box of each aspect without a focal point (landscape 1600×900)', () => {
    assert.deepEqual(cropBox(1600, 900, '16:9', null), { left: 0, top: 0, width: 1600, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '4:3', null), { left: 200, top: 0, width: 1200, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '3:2', null), { left: 125, top: 0, width: 1350, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '1:1', null), { left: 350, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '4:5', null), { left: 440, top: 0, width: 720, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '9:16', null), { left: 547, top: 0, width: 506, height: 900 });
  });

  it('crops the height of a portrait picture (900×1600)', () => {
    assert.deepEqual(cropBox(900, 1600, '16:9', null), { left: 0, top: 547, width: 900, height: 506 });
    assert.deepEqual(cropBox(900, 1600, '1:1', null), { left: 0, top: 350, width: 900, height: 900 });
    assert.deepEqual(cropBox(900, 1600, '9:16', null), { left: 0, top: 0, width: 900, height: 1600 });
  });

  it('centres on the focal point', () => {
    assert.deepEqual(cropBox(1600, 900, '1:1', { x: 0.5, y: 0.5 }), cropBox(1600, 900, '1:1', null));
    // 0.6 × 1600 = 960: a 900 wide box from 510 to 1410.
    assert.deepEqual(cropBox(1600, 900, '1:1', { x: 0.6, y: 0.5 }), { left: 510, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '9:16', { x: 0.75, y: 0.5 }), { left: 947, top: 0, width: 506, height: 900 });
    assert.deepEqual(cropBox(900, 1600, '16:9', { x: 0.5, y: 0.25 }), { left: 0, top: 147, width: 900, height: 506 });
  });

  it('pushes the box back inside the edges when the focal point is near one', () => {
    assert.deepEqual(cropBox(1600, 900, '1:1', { x: 1, y: 0.5 }), { left: 700, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '1:1', { x: 0.95, y: 0.5 }), { left: 700, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(1600, 900, '1:1', { x: 0, y: 0.5 }), { left: 0, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(900, 1600, '1:1', { x: 0.5, y: 0 }), { left: 0, top: 0, width: 900, height: 900 });
    assert.deepEqual(cropBox(900, 1600, '1:1', { x: 0.5, y: 1 }), { left: 0, top: 700, width: 900, height: 900 });
  });

  it('always fits inside the picture, in whole pixels, at (nearly) the asked ratio', () => {
    const sizes: [number, number][] = [
      [1600, 900],
      [900, 1600],
      [1, 1],
      [3, 1000],
      [1000, 3],
      [4000, 3000],
      [1023, 767],
      [640, 480],
    ];
    const focals = [null, { x: 0, y: 0 }, { x: 1, y: 1 }, { x: 0.33, y: 0.77 }, { x: 0.999, y: 0.001 }];
    for (const [w, h] of sizes) {
      for (const aspect of CROPPED) {
        for (const focal of focals) {
          const box = cropBox(w, h, aspect, focal);
          const what = `${w}×${h} ${aspect} ${JSON.stringify(focal)}: ${JSON.stringify(box)}`;
          for (const v of Object.values(box)) assert.ok(Number.isInteger(v), what);
          assert.ok(box.left >= 0 && box.top >= 0, what);
          assert.ok(box.width >= 1 && box.height >= 1, what);
          assert.ok(box.left + box.width <= w && box.top + box.height <= h, what);
          assert.ok(box.width === w || box.height === h, `${what}: not the largest box`);
          if (box.width > 20 && box.height > 20) assert.ok(Math.abs(box.width / box.height - ratioOf(aspect)) < 0.05, what);
        }
      }
    }
  });
});

describe('renditions: outputSize', () => {
  it('scales the crop to the asked width, keeping its ratio', () => {
    assert.deepEqual(outputSize({ left: 0, top: 0, width: 1600, height: 900 }, 640), { width: 640, height: 360 });
    assert.deepEqual(outputSize({ left: 0, top: 0, width: 1600, height: 900 }, 1024), { width: 1024, height: 576 });
    assert.deepEqual(outputSize({ left: 350, top: 0, width: 900, height: 900 }, 480), { width: 480, height: 480 });
    assert.deepEqual(outputSize({ left: 547, top: 0, width: 506, height: 900 }, 320), { width: 320, height: 569 });
  });

  it('never upscales: the width is at most the crop’s', () => {
    assert.deepEqual(outputSize({ left: 0, top: 0, width: 1600, height: 900 }, 2560), { width: 1600, height: 900 });
    assert.deepEqual(outputSize({ left: 0, top: 0, width: 48, height: 32 }, 160), { width: 48, height: 32 });
  });

  it('is at least one pixel high', () => {
    assert.deepEqual(outputSize({ left: 0, top: 0, width: 10000, height: 3 }, 160), { width: 160, height: 1 });
  });
});

describe('renditions: focalKey', () => {
  it('is "c" without a focal point and thousandths otherwise (the URL’s v and the cache key)', () => {
    assert.equal(focalKey(null), 'c');
    assert.equal(focalKey({ x: 0.75, y: 0.5 }), '750x500');
    assert.equal(focalKey({ x: 0, y: 1 }), '0x1000');
    assert.equal(focalKey({ x: 0.3333, y: 0.6667 }), '333x667');
    assert.match(focalKey({ x: 0.123456, y: 0.98765 }), /^[0-9cx]{1,20}$/);
  });
});
