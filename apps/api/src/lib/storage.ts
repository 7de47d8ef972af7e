/**
 * Where uploaded documents live: files under DATA_DIR/documents, or objects in S3-compatible
 * storage when S3_BUCKET is configured. Either way they are named by an opaque key (never by the
 * person's name or the original file name), one prefix per provider.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';

export interface StoredFile { key: string; sizeBytes: number; sha256: string; head: Buffer }

export interface DocumentStorage {
  /** Stores a stream under a new key, hashing it and keeping its first bytes to check the type. */
  put(providerId: string, body: Readable): Promise<StoredFile>;
  read(key: string): Promise<{ stream: Readable; sizeBytes: number }>;
  remove(key: string): Promise<void>;
}

const newKey = (providerId: string) => `${providerId}/${randomUUID()}`;
const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** Writes a stream to a file, measuring and hashing it on the way. */
async function spool(body: Readable, path: string): Promise<Omit<StoredFile, 'key'>> {
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
  return { sizeBytes: size, sha256: hash.digest('hex'), head };
}

class LocalStorage implements DocumentStorage {
  readonly #root: string;
  constructor(dataDir: string) {
    this.#root = resolve(dataDir, 'documents');
  }

  #path(key: string) {
    if (!KEY.test(key)) throw new Error('Invalid storage key');
    return join(this.#root, key);
  }

  async put(providerId: string, body: Readable): Promise<StoredFile> {
    const key = newKey(providerId);
    return { key, ...(await spool(body, this.#path(key))) };
  }

  async read(key: string) {
    const path = this.#path(key);
    const { size } = await stat(path);
    return { stream: createReadStream(path), sizeBytes: size };
  }

  async remove(key: string) {
    await rm(this.#path(key), { force: true });
  }
}

/**
 * S3-compatible object storage (AWS, MinIO, Ceph…). An upload is spooled to a private temporary
 * file first: its size and hash are known before it is sent, and a refused upload never reaches
 * the bucket.
 */
class S3Storage implements DocumentStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #tmp: string;
  constructor(config: Config) {
    this.#bucket = config.S3_BUCKET!;
    this.#tmp = resolve(config.DATA_DIR, 'tmp');
    this.#client = new S3Client({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      // Checksums only where S3 requires them: many S3-compatible stores reject the SDK's default
      // streaming (aws-chunked) checksums. The file's SHA-256 is kept in the database instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
    });
  }

  async put(providerId: string, body: Readable): Promise<StoredFile> {
    const key = newKey(providerId);
    const tmp = join(this.#tmp, randomUUID());
    try {
      const file = await spool(body, tmp);
      await this.#client.send(new PutObjectCommand({
        Bucket: this.#bucket, Key: key, Body: createReadStream(tmp), ContentLength: file.sizeBytes,
      }));
      return { key, ...file };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async read(key: string) {
    if (!KEY.test(key)) throw new Error('Invalid storage key');
    const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    return { stream: object.Body as Readable, sizeBytes: Number(object.ContentLength ?? 0) };
  }

  async remove(key: string) {
    if (!KEY.test(key)) throw new Error('Invalid storage key');
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}

export function createDocumentStorage(config: Config): DocumentStorage {
  return config.S3_BUCKET ? new S3Storage(config) : new LocalStorage(config.DATA_DIR);
}
