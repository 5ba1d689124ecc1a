import { open } from "node:fs/promises";
import type { CogFacts } from "../../src/catalog/ingest/cog-facts";
import { readCogFacts as readFacts } from "../../src/catalog/ingest/read-cog-facts";
import type { ByteSource } from "../../src/raster/byte-source";

/** A local file read at offsets, so ingestion checks a COG with the reader the Worker uses. */
class FileByteSource implements ByteSource {
  constructor(readonly key: string) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    const file = await open(this.key, "r");
    try {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }
}

/** What ingestion checks about a local COG (see read-cog-facts.ts). */
export function readCogFacts(path: string): Promise<CogFacts> {
  return readFacts(new FileByteSource(path));
}
