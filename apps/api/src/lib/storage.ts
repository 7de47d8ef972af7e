/**
 * Where uploaded documents live: files under DATA_DIR/documents, or objects in S3-compatible
 * storage when S3_BUCKET is configured. Either way they are named by an opaque key (never by the
 * person's name or the original file name), one prefix per provider, and encrypted with the
 * platform keyring (lib/crypto.ts), so a copied disk or bucket shows nothing.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';
import { decryptBytes, encrypt, keyIdOf, type Keyring } from './crypto.ts';

export interface StoredFile { key: string; sizeBytes: number; sha256: string; head: Buffer }

/** A received upload, held aside until it passes its checks: then `commit` stores it, or `discard` drops it. */
export interface Upload extends StoredFile { commit(): Promise<void>; discard(): Promise<void> }

/** Where the encrypted bytes go. */
interface Backend {
  write(key: string, bytes: Buffer): Promise<void>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
const checked = (key: string) => {
  if (!KEY.test(key)) throw new Error('Invalid storage key');
  return key;
};

class LocalBackend implements Backend {
  readonly #root: string;
  constructor(dataDir: string) {
    this.#root = resolve(dataDir, 'documents');
  }
  async write(key: string, bytes: Buffer) {
    const path = join(this.#root, checked(key));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { mode: 0o600 });
  }
  read(key: string) {
    return readFile(join(this.#root, checked(key)));
  }
  async remove(key: string) {
    await rm(join(this.#root, checked(key)), { force: true });
  }
}

/** S3-compatible object storage (AWS, MinIO, Ceph…). */
class S3Backend implements Backend {
  readonly #client: S3Client;
  readonly #bucket: string;
  constructor(config: Config) {
    this.#bucket = config.S3_BUCKET!;
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
  async write(key: string, bytes: Buffer) {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: checked(key), Body: bytes, ContentLength: bytes.length }));
  }
  async read(key: string) {
    const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: checked(key) }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }
  async remove(key: string) {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: checked(key) }));
  }
}

/**
 * An upload is spooled to a private temporary file first: its size, hash and first bytes are
 * known before anything is stored, and a refused upload is never stored at all. Files are at
 * most DOCUMENT_MAX_BYTES, so they are encrypted and decrypted whole.
 */
export class DocumentStorage {
  readonly #backend: Backend;
  readonly #keyring: Keyring;
  readonly #tmp: string;
  constructor(backend: Backend, keyring: Keyring, dataDir: string) {
    this.#backend = backend;
    this.#keyring = keyring;
    this.#tmp = resolve(dataDir, 'tmp');
  }

  async put(providerId: string, body: Readable): Promise<Upload> {
    const key = `${providerId}/${randomUUID()}`;
    const tmp = join(this.#tmp, randomUUID());
    await mkdir(this.#tmp, { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
    });
    const discard = () => rm(tmp, { force: true });
    try {
      await pipeline(body, createWriteStream(tmp, { mode: 0o600 }));
    } catch (err) {
      await discard();
      throw err;
    }
    return {
      key, sizeBytes: size, sha256: hash.digest('hex'), head, discard,
      commit: async () => {
        try {
          await this.#backend.write(key, Buffer.from(encrypt(this.#keyring, await readFile(tmp))));
        } finally {
          await discard();
        }
      },
    };
  }

  async read(key: string) {
    const bytes = decryptBytes(this.#keyring, (await this.#backend.read(key)).toString('latin1'));
    return { stream: Readable.from([bytes]), sizeBytes: bytes.length };
  }

  async remove(key: string) {
    await this.#backend.remove(key);
  }

  /** Re-encrypts a stored file with the keyring's current key; false when it already was. */
  async reencrypt(key: string, keyring: Keyring): Promise<boolean> {
    const stored = (await this.#backend.read(key)).toString('latin1');
    if (keyIdOf(stored) === keyring.current) return false;
    await this.#backend.write(key, Buffer.from(encrypt(keyring, decryptBytes(keyring, stored))));
    return true;
  }
}

export function createDocumentStorage(config: Config): DocumentStorage {
  const backend = config.S3_BUCKET ? new S3Backend(config) : new LocalBackend(config.DATA_DIR);
  return new DocumentStorage(backend, config.keyring, config.DATA_DIR);
}
