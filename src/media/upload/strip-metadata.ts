import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { loadSharp } from '../lazy-imports.js';

/**
 * Writes a copy of an upload that is safe to serve: no GPS position, no camera
 * serial numbers, no other private EXIF or XMP. JPEG, PNG and WebP are stripped
 * losslessly, segment by segment, streaming (the picture data is copied byte for
 * byte); GIF and AVIF are re-encoded (which drops all metadata); MP4 location
 * boxes are blanked in place. The IPTC IIM block of a JPEG (credit, caption,
 * copyright: public newsroom data, no coordinates) is kept.
 */
export async function writeStrippedCopy(mimeType: string, from: string, to: string, orientation: number | undefined): Promise<void> {
  switch (mimeType) {
    case 'image/jpeg':
      return stripJpeg(from, to, orientation);
    case 'image/png':
      return stripChunks(from, to, 'png');
    case 'image/webp':
      return stripChunks(from, to, 'webp');
    case 'image/gif': {
      const sharp = await loadSharp();
      await sharp(from, { animated: true }).gif().toFile(to);
      return;
    }
    case 'image/avif': {
      const sharp = await loadSharp();
      await sharp(from).avif({ quality: 80 }).toFile(to);
      return;
    }
    case 'video/mp4':
      await copyFile(from, to);
      return blankMp4Location(to);
    default:
      return copyFile(from, to);
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Copies bytes [start, end) of one file to the end of a stream, chunk by chunk, honouring backpressure. */
async function copyRange(from: string, start: number, end: number | undefined, out: Writable): Promise<void> {
  if (end !== undefined && end <= start) return;
  for await (const data of createReadStream(from, { start, end: end === undefined ? undefined : end - 1 })) {
    if (!out.write(data as Buffer)) await once(out, 'drain');
  }
}

// APP0 (JFIF), APP2 (ICC profile; "MPF" ones are dropped below), APP13 (IPTC IIM), APP14 (Adobe colour transform).
const JPEG_KEEP = new Set([0xe0, 0xe2, 0xed, 0xee]);

/** A minimal EXIF block holding only the orientation, so a rotated photo still displays upright. */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('II*\u0000', 0, 'latin1');
  tiff.writeUInt32LE(8, 4); // IFD0 offset
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x0112, 10); // Orientation
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14); // count
  tiff.writeUInt16LE(orientation, 18);
  tiff.writeUInt32LE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\u0000\u0000', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

async function stripJpeg(from: string, to: string, orientation: number | undefined): Promise<void> {
  const file = await open(from, 'r');
  const out = createWriteStream(to);
  try {
    const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    await write(Buffer.from([0xff, 0xd8]));
    if (orientation && orientation > 1 && orientation <= 8) await write(orientationExif(orientation));
    let position = 2;
    for (;;) {
      const head = await readAt(file, position, 4);
      if (head.length < 2 || head[0] !== 0xff) throw new Error('corrupt JPEG segment');
      const marker = head[1];
      if (marker === 0xda || marker === 0xd9) {
        // Start of scan: the picture data follows; copy it unchanged up to the end of this picture.
        // Anything after its end marker (a second image with its own EXIF, a motion-photo trailer) is left out.
        await copyRange(from, position, marker === 0xd9 ? position + 2 : await jpegEnd(file, position), out);
        break;
      }
      if (marker === 0xff) {
        position += 1; // fill byte
        continue;
      }
      const length = head.readUInt16BE(2);
      const segment = await readAt(file, position, length + 2);
      const isMpf = marker === 0xe2 && segment.subarray(4, 8).toString('latin1') === 'MPF\u0000';
      if (JPEG_KEEP.has(marker) ? !isMpf : marker < 0xe0 && marker !== 0xfe) await write(segment);
      position += length + 2;
    }
  } finally {
    await file.close();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/**
 * Where the first picture of a JPEG ends (just past its EOI marker), scanning from a
 * start-of-scan marker through entropy-coded data (stuffed 0xFF00 bytes, restart markers)
 * and the marker segments between progressive scans. The file's end if it has no EOI.
 */
async function jpegEnd(file: FileHandle, sosPosition: number): Promise<number> {
  const { size } = await file.stat();
  let position = sosPosition;
  const window = 64 * 1024;
  // Skip a marker segment: marker (2 bytes) + length (2 bytes, counting itself) + payload.
  const skipSegment = async (at: number): Promise<number> => {
    const head = await readAt(file, at, 4);
    return head.length < 4 ? size : at + 2 + head.readUInt16BE(2);
  };
  position = await skipSegment(position);
  while (position < size) {
    const chunk = await readAt(file, position, window + 1);
    if (chunk.length < 2) return size;
    let i = 0;
    let jumped = false;
    for (; i < chunk.length - 1; i += 1) {
      if (chunk[i] !== 0xff) continue;
      const next = chunk[i + 1];
      if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
      if (next === 0xd9) return position + i + 2;
      // DHT, DQT, SOS… between the scans of a progressive picture.
      position = await skipSegment(position + i);
      jumped = true;
      break;
    }
    if (!jumped) position += Math.max(1, i);
  }
  return size;
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);
const WEBP_DROP = new Set(['EXIF', 'XMP ']);

/** PNG and WebP are lists of chunks: the metadata chunks are left out, the rest copied as they are. */
async function stripChunks(from: string, to: string, format: 'png' | 'webp'): Promise<void> {
  const file = await open(from, 'r');
  const { size } = await file.stat();
  const kept: { start: number; end: number; patch?: Buffer }[] = [];
  try {
    let position = format === 'png' ? 8 : 12;
    while (position + 8 <= size) {
      const head = await readAt(file, position, 8);
      const type = head.subarray(4, 8).toString('latin1');
      const dataLength = format === 'png' ? head.readUInt32BE(0) : head.readUInt32LE(4);
      const fourcc = format === 'png' ? type : head.subarray(0, 4).toString('latin1');
      const total = format === 'png' ? 12 + dataLength : 8 + dataLength + (dataLength % 2);
      const drop = format === 'png' ? PNG_DROP.has(fourcc) : WEBP_DROP.has(fourcc);
      if (!drop) {
        const chunk = { start: position, end: Math.min(position + total, size) } as { start: number; end: number; patch?: Buffer };
        if (format === 'webp' && fourcc === 'VP8X') {
          // Clear the "has EXIF" and "has XMP" flags of the extended header.
          const vp8x = await readAt(file, position, total);
          vp8x[8] &= ~(0x08 | 0x04);
          chunk.patch = vp8x;
        }
        kept.push(chunk);
      }
      position += total;
    }
  } finally {
    await file.close();
  }
  const out = createWriteStream(to);
  if (format === 'png') {
    out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  } else {
    const riffSize = 4 + kept.reduce((sum, c) => sum + (c.end - c.start), 0);
    const header = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBP', 'latin1');
    header.writeUInt32LE(riffSize, 4);
    out.write(header);
  }
  for (const chunk of kept) {
    if (chunk.patch) out.write(chunk.patch);
    else await copyRange(from, chunk.start, chunk.end, out);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * MP4 keeps the recording place in `©xyz` (QuickTime) and `loci` (3GPP) boxes inside
 * moov/udta. Renaming such a box to `free` and zeroing it keeps every offset in the
 * file valid (the size is unchanged) while the position is gone.
 */
async function blankMp4Location(path: string): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    const walk = async (start: number, end: number, depth: number): Promise<void> => {
      let position = start;
      while (position + 8 <= end && depth < 8) {
        const head = await readAt(file, position, 16);
        let boxSize = head.readUInt32BE(0);
        const type = head.subarray(4, 8).toString('latin1');
        let headerSize = 8;
        if (boxSize === 1) {
          boxSize = Number(head.readBigUInt64BE(8));
          headerSize = 16;
        } else if (boxSize === 0) boxSize = end - position;
        if (boxSize < headerSize) return;
        if (type === '\u00a9xyz' || type === 'loci') {
          await blank(position, boxSize, headerSize);
        } else if (type === 'moov' || type === 'udta' || type === 'trak') {
          await walk(position + headerSize, position + boxSize, depth + 1);
        } else if (type === 'meta') {
          await blankLocationItems(position + headerSize, position + boxSize);
          await walk(position + headerSize + 4, position + boxSize, depth + 1); // full box: version + flags
        }
        position += boxSize;
      }
    };
    /** Blanks a box in place: renamed `free`, payload zeroed, size kept. */
    const blank = async (at: number, boxSize: number, headerSize: number) => {
      await file.write(Buffer.from('free', 'latin1'), 0, 4, at + 4);
      await file.write(Buffer.alloc(boxSize - headerSize), 0, boxSize - headerSize, at + headerSize);
    };
    /**
     * QuickTime metadata (`meta` → `keys` + `ilst`, as phones write it): an `ilst` item's type is the
     * 1-based index of its key; items whose key names a location, and `©xyz` items, are blanked.
     */
    const blankLocationItems = async (start: number, end: number): Promise<void> => {
      // An ISO `meta` is a full box (4 bytes of version and flags); QuickTime's is not: try both.
      for (const offset of [0, 4]) {
        const children: { type: string; at: number; size: number }[] = [];
        let at = start + offset;
        while (at + 8 <= end) {
          const head = await readAt(file, at, 8);
          const childSize = head.readUInt32BE(0);
          if (childSize < 8 || at + childSize > end) break;
          children.push({ type: head.subarray(4, 8).toString('latin1'), at, size: childSize });
          at += childSize;
        }
        const keys = children.find((c) => c.type === 'keys');
        const ilst = children.find((c) => c.type === 'ilst');
        if (!ilst) continue;
        const locationIndexes = new Set<number>();
        if (keys) {
          const body = await readAt(file, keys.at + 8, keys.size - 8);
          const count = body.readUInt32BE(4);
          let p = 8;
          for (let index = 1; index <= count && p + 8 <= body.length; index += 1) {
            const keySize = body.readUInt32BE(p);
            if (keySize < 8) break;
            if (/location/i.test(body.subarray(p + 8, p + keySize).toString('latin1'))) locationIndexes.add(index);
            p += keySize;
          }
        }
        let item = ilst.at + 8;
        while (item + 8 <= ilst.at + ilst.size) {
          const head = await readAt(file, item, 8);
          const itemSize = head.readUInt32BE(0);
          if (itemSize < 8) break;
          const itemType = head.subarray(4, 8);
          if (locationIndexes.has(itemType.readUInt32BE(0)) || itemType.toString('latin1') === '\u00a9xyz') await blank(item, itemSize, 8);
          item += itemSize;
        }
        return;
      }
    };
    await walk(0, size, 0);
  } finally {
    await file.close();
  }
}
