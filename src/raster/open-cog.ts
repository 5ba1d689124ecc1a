import type { ByteSource } from "./byte-source";
import { CogFormatError, inFile } from "./cog-errors";
import { buildCogHeader, type Cog, type CogHeader } from "./cog-header";
import { headerCache } from "./header-cache";
import { NeedMoreBytes, parseTiff } from "./tiff-parser";

/** GDAL's COGs keep all IFDs near the start; 16 KiB holds them for typical tile counts. */
const FIRST_READ = 16 * 1024;
/**
 * IFDs and the tag arrays they point to; 16 MiB lists a million tiles in BigTIFF (512 px tiles of
 * an image of 512,000 px a side), and reading it with its parsed arrays stays well inside 128 MB.
 */
const MAX_HEADER = 16 * 1024 * 1024;

/** Concurrent opens of the same object share one header read. */
const pending = new Map<string, Promise<CogHeader>>();

/**
 * Opens a COG: its header from the isolate cache (no reads) or from the first bytes of the source.
 * `name` (an asset's href) names the file in its format errors, here and when its tiles are read.
 */
export async function openCog(source: ByteSource, name = source.key): Promise<Cog> {
  const cached = headerCache.get(source.key);
  if (cached) return { source, header: cached, name };
  let promise = pending.get(source.key);
  if (!promise) {
    promise = readHeader(source).finally(() => pending.delete(source.key));
    pending.set(source.key, promise);
  }
  const header = await promise.catch((error: unknown) => {
    throw inFile(error, name);
  });
  headerCache.set(source.key, header);
  return { source, header, name };
}

/** Reads 16 KiB, then doubles what it has read until the IFDs and the tag arrays they point to are in. */
async function readHeader(source: ByteSource): Promise<CogHeader> {
  let bytes = await source.read(0, FIRST_READ);
  let asked = FIRST_READ;
  for (;;) {
    try {
      return buildCogHeader(parseTiff(bytes));
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      if (bytes.length < asked || error.end > MAX_HEADER) {
        throw new CogFormatError(`COG header is truncated or larger than ${MAX_HEADER} bytes`);
      }
      let size = asked * 2;
      while (size < error.end) size *= 2;
      const more = await source.read(bytes.length, size - bytes.length);
      const grown = new Uint8Array(bytes.length + more.length);
      grown.set(bytes);
      grown.set(more, bytes.length);
      bytes = grown;
      asked = size;
    }
  }
}
