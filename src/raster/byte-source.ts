/**
 * Random access to the bytes of one object (a COG in R2 or on an HTTPS host). Everything that
 * reads rasters goes through this, so reads can be counted, cached and merged in one place.
 */
export interface ByteSource {
  /** Identifies the object for caches: its URL or bucket key, plus its ETag when known. */
  readonly key: string;
  /** Reads bytes [offset, offset + length); fewer at the end of the object. */
  read(offset: number, length: number): Promise<Uint8Array>;
}
