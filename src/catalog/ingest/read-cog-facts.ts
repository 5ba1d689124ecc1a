import type { ByteSource } from "../../raster/byte-source";
import { CountingByteSource } from "../../raster/counting-byte-source";
import { headerCache } from "../../raster/header-cache";
import { openCog } from "../../raster/open-cog";
import { parseTiff } from "../../raster/tiff-parser";
import { COMPRESSION_NAMES, Tag } from "../../raster/tiff-tags";
import type { CogFacts } from "./cog-facts";

/**
 * Opens a COG as the Worker reads it (header reads included) and answers what ingestion checks
 * (judgeCog). Files the reader can't open at all (unsupported codec, sample type, layout) throw.
 * Used by `npm run ingest` on local files and by BYOC tiles on R2 objects and URLs alike.
 */
export async function readCogFacts(source: ByteSource): Promise<CogFacts> {
  // A key of its own: the header must be read here (its size is a fact), not taken from the isolate's cache.
  const key = `facts:${crypto.randomUUID()}:${source.key}`;
  const counting = new CountingByteSource({ key, read: (offset, length) => source.read(offset, length) });
  const { header } = await openCog(counting, source.key).finally(() => headerCache.delete(key));
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
