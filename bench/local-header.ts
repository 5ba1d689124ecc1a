import { closeSync, openSync, readSync, readFileSync } from "node:fs";
import { buildCogHeader, type CogHeader } from "../src/raster/cog-header";
import { NeedMoreBytes, parseTiff } from "../src/raster/tiff-parser";

/** The header of a COG on disk, parsed outside any measurement and any cache (1 MiB holds all our IFDs). */
export function readLocalHeader(path: string): CogHeader {
  const fd = openSync(path, "r");
  const head = new Uint8Array(1 << 20);
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  try {
    return buildCogHeader(parseTiff(head.subarray(0, length)));
  } catch (error) {
    if (!(error instanceof NeedMoreBytes)) throw error;
    return buildCogHeader(parseTiff(new Uint8Array(readFileSync(path))));
  }
}
