import type { CogHeader } from "./cog-header";

/**
 * A per-isolate LRU of parsed COG headers keyed by ByteSource.key (URL or bucket key plus ETag
 * when known), bounded by an estimate of the memory the headers hold: mostly their tile offset
 * and byte-count arrays.
 */
export class HeaderCache {
  private readonly entries = new Map<string, { header: CogHeader; bytes: number }>();
  private total = 0;

  constructor(public maxBytes: number) {}

  get(key: string): CogHeader | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.header;
  }

  set(key: string, header: CogHeader): void {
    this.delete(key);
    const bytes = estimateBytes(header);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { header, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
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
