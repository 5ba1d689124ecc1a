import { open } from "node:fs/promises";
import type { CogFacts } from "../../src/catalog/ingest/cog-facts";
import type { ByteSource } from "../../src/raster/byte-source";
import { CountingByteSource } from "../../src/raster/counting-byte-source";
import { openCog } from "../../src/raster/open-cog";
import { parseTiff } from "../../src/raster/tiff-parser";
import { COMPRESSION_NAMES, Tag } from "../../src/raster/tiff-tags";

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

/**
 * Opens a COG as the Worker would (header reads included) and answers what ingestion checks.
 * Files the reader can't open at all (unsupported codec, sample type, layout) throw.
 */
export async function readCogFacts(path: string): Promise<CogFacts> {
  const counting = new CountingByteSource(new FileByteSource(path));
  const { header } = await openCog(counting);
  const first = parseTiff(await counting.read(0, counting.stats.bytes)).ifds[0]!;
  const t = header.transform;
  const compression = header.levels[0]!.compression;
  return {
    epsg: header.epsg,
    width: header.grid.width,
    height: header.grid.height,
    transform: [t.pixelWidth, 0, t.originX, 0, -t.pixelHeight, t.originY],
    dataType: header.dataType,
    nodata: header.nodata,
    tiled: first.has(Tag.TileWidth),
    compression: COMPRESSION_NAMES[compression] ?? String(compression),
    compressionSupported: true,
    overviewCount: header.levels.length - 1,
    headerBytes: counting.stats.bytes - counting.stats.requests.at(-1)!.length,
  };
}
