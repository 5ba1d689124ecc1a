import type { ByteSource } from "../../src/raster/byte-source";

/**
 * A ByteSource over bytes in memory. Each read resolves on a later macrotask, as network reads
 * do, so concurrent reads overlap and CountingByteSource's rounds are measured as in production.
 */
export class MemoryByteSource implements ByteSource {
  constructor(readonly bytes: Uint8Array, readonly key = `memory:${crypto.randomUUID()}`) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.bytes.slice(offset, offset + length);
  }
}
