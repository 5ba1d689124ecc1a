import { SizedLru } from "../sized-lru";
import type { CogHeader } from "./cog-header";

/**
 * A per-isolate LRU of parsed COG headers keyed by ByteSource.key (URL or bucket key plus ETag
 * when known), bounded by an estimate of the memory the headers hold: mostly their tile offset
 * and byte-count arrays.
 */
export class HeaderCache {
  private readonly lru: SizedLru<CogHeader>;

  constructor(maxBytes: number) {
    this.lru = new SizedLru(maxBytes);
  }

  get maxBytes(): number {
    return this.lru.maxSize;
  }

  set maxBytes(bytes: number) {
    this.lru.maxSize = bytes;
  }

  get(key: string): CogHeader | undefined {
    return this.lru.get(key);
  }

  set(key: string, header: CogHeader): void {
    this.lru.set(key, header, estimateBytes(header));
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.count;
  }

  get bytes(): number {
    return this.lru.size;
  }
}

/** Typed arrays dominate; 1 KiB per header and 256 bytes per level cover the small fields, band descriptions count as text. */
function estimateBytes(header: CogHeader): number {
  let bytes = 1024 + 2 * (header.descriptions ?? []).reduce((n, d) => n + d.length, 0);
  for (const level of header.levels) bytes += 256 + level.tileOffsets.byteLength + level.tileByteCounts.byteLength;
  return bytes;
}

/** The isolate's header cache: 16 MiB is about 1 M tiles' worth of offsets, an eighth of the isolate's memory. */
export const headerCache = new HeaderCache(16 * 1024 * 1024);
