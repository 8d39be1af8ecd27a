import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join, normalize, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A minimal POSIX ustar writer and extractor: regular files only, names up to 255
 * bytes (prefix + name), sizes up to 8 GiB. Enough for a backup that `tar tzf` can
 * list and `tar xzf` can unpack by hand, with no dependency.
 */
const BLOCK = 512;
const MAX_SIZE = 8 * 1024 ** 3 - 1;

export interface TarEntryInfo {
  size: number;
  sha256: string;
}

export class TarWriter {
  constructor(private readonly out: Writable) {}

  /** Adds a file from disk, streaming; returns its size and sha256 as written. */
  async addFile(name: string, path: string, size: number, mtime: Date): Promise<TarEntryInfo> {
    await this.write(header(name, size, mtime));
    const hash = createHash('sha256');
    let written = 0;
    for await (const chunk of createReadStream(path, { start: 0, end: size > 0 ? size - 1 : 0 }) as AsyncIterable<Buffer>) {
      const part = size === 0 ? Buffer.alloc(0) : chunk.subarray(0, size - written);
      if (part.length === 0) continue;
      hash.update(part);
      written += part.length;
      await this.write(part);
    }
    if (written !== size) throw new Error(`${name} changed while it was being backed up (${written} of ${size} bytes).`);
    await this.write(Buffer.alloc(padding(size)));
    return { size, sha256: hash.digest('hex') };
  }

  async addBuffer(name: string, data: Buffer, mtime = new Date()): Promise<TarEntryInfo> {
    await this.write(header(name, data.length, mtime));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
    return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** The end-of-archive marker: two zero blocks. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
  }

  private async write(data: Buffer): Promise<void> {
    if (data.length > 0 && !this.out.write(data)) await once(this.out, 'drain');
  }
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

function header(name: string, size: number, mtime: Date): Buffer {
  if (size > MAX_SIZE) throw new Error(`${name} is larger than 8 GiB, which this archive format cannot hold.`);
  const block = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`Path too long for the archive: ${name}`);
  }
  block.write(base, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write('0', 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  block.write(octal(checksum(block), 8), 148, 'latin1');
  return block;
}

/** Zero-padded octal of width-1 digits and a NUL. */
const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\u0000`;

const checksum = (block: Buffer) => block.reduce((sum, byte, i) => sum + (i >= 148 && i < 156 ? 32 : byte), 0);

function readString(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** Raised for anything that is not a well-formed archive of ours. */
export class ArchiveError extends Error {}

/**
 * Unpacks a tar stream into `dir`, checking each header's checksum and each name
 * (relative, no `..`, accepted by `allow`), hashing every file as it is written.
 * A stream that ends before the end-of-archive marker is refused as truncated.
 */
export async function extractTar(input: Readable, dir: string, allow: (name: string) => boolean): Promise<Map<string, TarEntryInfo>> {
  const entries = new Map<string, TarEntryInfo>();
  let pending: Buffer = Buffer.alloc(0);
  let file: { name: string; handle: FileHandle; remaining: number; pad: number; size: number; hash: ReturnType<typeof createHash> } | null = null;
  let ended = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (ended) continue;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (file) {
          if (file.remaining > 0) {
            if (pending.length === 0) break;
            const part = pending.subarray(0, file.remaining);
            pending = pending.subarray(part.length);
            file.hash.update(part);
            await file.handle.write(part);
            file.remaining -= part.length;
            if (file.remaining > 0) break;
          }
          if (pending.length < file.pad) break;
          pending = pending.subarray(file.pad);
          await file.handle.close();
          entries.set(file.name, { size: file.size, sha256: file.hash.digest('hex') });
          file = null;
          continue;
        }
        if (pending.length < BLOCK) break;
        const block = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (block.every((b) => b === 0)) {
          ended = true;
          break;
        }
        if (Number.parseInt(readString(block, 148, 8), 8) !== checksum(block)) throw new ArchiveError('a header is damaged (bad checksum).');
        const type = String.fromCharCode(block[156]);
        const prefix = readString(block, 345, 155);
        const name = prefix ? `${prefix}/${readString(block, 0, 100)}` : readString(block, 0, 100);
        const size = Number.parseInt(readString(block, 124, 12), 8);
        if (type === '5') continue;
        if (type !== '0' && type !== '\u0000') throw new ArchiveError(`"${name}" is not a regular file.`);
        if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError(`"${name}" has a damaged size.`);
        const path = safeJoin(dir, name);
        if (!path || !allow(name) || entries.has(name)) throw new ArchiveError(`unexpected entry "${name}".`);
        await mkdir(dirname(path), { recursive: true });
        file = { name, handle: await open(path, 'wx'), remaining: size, pad: padding(size), size, hash: createHash('sha256') };
      }
    }
  } catch (error) {
    await file?.handle.close().catch(() => undefined);
    throw error;
  }
  if (!ended || file) {
    await file?.handle.close().catch(() => undefined);
    throw new ArchiveError('the archive is truncated.');
  }
  return entries;
}

function safeJoin(dir: string, name: string): string | null {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..' || part === '' || part === '.'))
    return null;
  const path = normalize(join(dir, name));
  return path.startsWith(dir + sep) ? path : null;
}
