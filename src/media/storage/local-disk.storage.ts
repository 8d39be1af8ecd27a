import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { MediaStorage } from './media-storage.js';

/** Media on the local disk, below one root folder; keys can never climb out of it. */
export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  localPath(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`Storage key escapes the media folder: ${key}`);
    return path;
  }

  async putFile(key: string, fromPath: string): Promise<void> {
    const target = this.localPath(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(fromPath, target);
    } catch (error) {
      // Another filesystem (a tmpdir elsewhere): copy next to the target, then rename into place.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const staging = `${target}.${process.pid}.part`;
      await copyFile(fromPath, staging);
      await rename(staging, target);
      await unlink(fromPath);
    }
  }

  async open(key: string): Promise<{ stream: ReturnType<typeof createReadStream>; size: number } | null> {
    const path = this.localPath(key);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.localPath(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await unlink(this.localPath(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
