/**
 * Where uploaded documents live: files under DATA_DIR/documents, named by an opaque key (never
 * by the person's name or the original file name), one folder per provider.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface StoredFile { key: string; sizeBytes: number; sha256: string; head: Buffer }

export class DocumentStorage {
  readonly #root: string;
  constructor(dataDir: string) {
    this.#root = resolve(dataDir, 'documents');
  }

  #path(key: string) {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error('Invalid storage key');
    return join(this.#root, key);
  }

  /** Writes a stream under a new key, hashing it and keeping its first bytes to check the type. */
  async put(providerId: string, body: Readable): Promise<StoredFile> {
    const key = `${providerId}/${randomUUID()}`;
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
    });
    await pipeline(body, createWriteStream(path, { mode: 0o600 }));
    return { key, sizeBytes: size, sha256: hash.digest('hex'), head };
  }

  async read(key: string): Promise<{ stream: Readable; sizeBytes: number }> {
    const path = this.#path(key);
    const { size } = await stat(path);
    return { stream: createReadStream(path), sizeBytes: size };
  }

  async remove(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
