import type { ByteSource } from "./byte-source";

/** The part of an R2 bucket binding this module needs, so it stays free of bindings. */
export interface RangeReadableBucket {
  get(key: string, options: { range: { offset: number; length: number } }): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; etag?: string } | null>;
  head?(key: string): Promise<{ etag: string; size: number } | null>;
}

export interface R2ByteSourceOptions {
  /** The bucket's name, so equal object keys in different buckets get different cache keys. */
  bucketName?: string;
  /** The object's ETag when known; it becomes part of `key` so a replaced object never meets a stale cached header. */
  etag?: string;
  /** The object's size when known; reads are clipped to it (R2 rejects ranges starting past the end). */
  size?: number;
}

/** Reads byte ranges of an object in an R2 bucket. */
export class R2ByteSource implements ByteSource {
  readonly key: string;

  constructor(private readonly bucket: RangeReadableBucket, readonly objectKey: string, private readonly options: R2ByteSourceOptions = {}) {
    const name = options.bucketName ? `${options.bucketName}/${objectKey}` : objectKey;
    this.key = options.etag ? `r2:${name}#${options.etag}` : `r2:${name}`;
  }

  /** Looks the object up with `head` (one cheap round trip) to learn its ETag and size; null if it does not exist. */
  static async open(bucket: RangeReadableBucket & Required<Pick<RangeReadableBucket, "head">>, objectKey: string, bucketName?: string): Promise<R2ByteSource | null> {
    const head = await bucket.head(objectKey);
    return head ? new R2ByteSource(bucket, objectKey, { bucketName, etag: head.etag, size: head.size }) : null;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const size = this.options.size;
    const clipped = size === undefined ? length : Math.min(length, size - offset);
    if (clipped <= 0) return new Uint8Array(0);
    const object = await this.bucket.get(this.objectKey, { range: { offset, length: clipped } });
    if (!object) throw new Error(`R2 object ${this.objectKey} not found`);
    const bytes = new Uint8Array(await object.arrayBuffer());
    // Without a known size, fewer bytes than asked for mean the object ends there.
    if (bytes.length > clipped || (size !== undefined && bytes.length !== clipped)) {
      throw new Error(`R2 returned ${bytes.length} bytes for a ${clipped}-byte range at ${offset} of ${this.objectKey}`);
    }
    return bytes;
  }
}
