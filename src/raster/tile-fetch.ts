import type { ByteSource } from "./byte-source";
import { CogFormatError, inFile } from "./cog-errors";
import type { Cog, CogLevel } from "./cog-header";
import { allocate } from "./data-types";
import type { DecodedTiles } from "./decoded-tiles";
import { decodeTile, tileLength } from "./decode-tile";
import type { TypedArray } from "./grid";
import { codecReady } from "./sample-codecs";

/** One tile of one COG: `index` points into the level's TileOffsets (planar files: sample * tilesPerPlane + tile). */
export interface TileRef {
  cog: Cog;
  level: number;
  index: number;
}

export interface FetchOptions {
  /**
   * Ranges of one source closer than this are read with one request, gap included. Tiles of a
   * row are adjacent in a COG, so they always merge; 8 KiB costs well under a millisecond of
   * transfer, far less than the latency of a separate request or a wait for one of 6 connections.
   */
  maxGap?: number;
  /** Requests in flight at once; Workers allow 6 connections waiting for response headers. */
  concurrency?: number;
  /** Decoded tiles from earlier reads, used and filled (keyed by source, level and tile). */
  cache?: DecodedTiles;
}

interface Member {
  ref: TileRef;
  offset: number;
  end: number;
  slot: number;
}

interface Range {
  source: ByteSource;
  offset: number;
  end: number;
  members: Member[];
}

/**
 * Fetches and decodes tiles of any number of COGs in one parallel round: duplicates are read
 * once, nearby byte ranges of the same source are merged, and at most `concurrency` requests are
 * in flight. Each range is decoded as soon as it arrives. Answers decoded tiles in `tiles` order.
 */
export async function fetchTiles(tiles: TileRef[], options: FetchOptions = {}): Promise<TypedArray[]> {
  const maxGap = options.maxGap ?? 8 * 1024;
  const concurrency = options.concurrency ?? 6;
  const slots = new Map<string, number>();
  const sourceIds = new Map<ByteSource, number>();
  const bySource = new Map<ByteSource, Member[]>();
  const decoded: TypedArray[] = [];
  const order = tiles.map((ref) => {
    let sourceId = sourceIds.get(ref.cog.source);
    if (sourceId === undefined) {
      sourceId = sourceIds.size;
      sourceIds.set(ref.cog.source, sourceId);
    }
    const id = `${sourceId}/${ref.level}/${ref.index}`;
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(id, slot);
      const level = levelOf(ref);
      const offset = level.tileOffsets[ref.index]!;
      const length = level.tileByteCounts[ref.index]!;
      const cached = options.cache?.get(cacheKey(ref));
      if (cached) decoded[slot] = cached;
      else if (offset === 0 || length === 0) {
        // A sparse tile (never written) reads as nodata, or 0 without nodata, as in GDAL.
        decoded[slot] = allocate(level.dataType, tileLength(level)).fill(level.nodata ?? 0);
      } else {
        const members = bySource.get(ref.cog.source) ?? [];
        members.push({ ref, offset, end: offset + length, slot });
        bySource.set(ref.cog.source, members);
      }
    }
    return slot;
  });

  const ranges = [...bySource].flatMap(([source, members]) => mergeRanges(source, members, maxGap));
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < ranges.length) {
      const range = ranges[next++]!;
      try {
        const bytes = await range.source.read(range.offset, range.end - range.offset);
        for (const m of range.members) {
          const ready = codecReady(levelOf(m.ref).compression);
          if (ready) await ready;
        }
        if (bytes.length < range.end - range.offset) {
          throw inFile(new CogFormatError(`COG is truncated: it ends before byte ${range.end} of its tiles`), nameOf(range.members[0]!.ref));
        }
        for (const m of range.members) {
          decoded[m.slot] = decodeMember(m, bytes.subarray(m.offset - range.offset, m.end - range.offset));
          options.cache?.set(cacheKey(m.ref), decoded[m.slot]!);
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
  return order.map((slot) => decoded[slot]!);
}

/** Decodes one tile; a format error says which tile of which file. */
function decodeMember(m: Member, bytes: Uint8Array): TypedArray {
  try {
    return decodeTile(levelOf(m.ref), m.ref.cog.header.littleEndian, bytes);
  } catch (error) {
    if (!(error instanceof CogFormatError)) throw error;
    const tile = new CogFormatError(`tile ${m.ref.index} of image ${m.ref.level}: ${error.message}`, { cause: error });
    throw inFile(tile, nameOf(m.ref));
  }
}

function nameOf(ref: TileRef): string {
  return ref.cog.name ?? ref.cog.source.key;
}

/** Sorts one source's tiles by offset and joins those whose gap is at most `maxGap`. */
function mergeRanges(source: ByteSource, members: Member[], maxGap: number): Range[] {
  members.sort((a, b) => a.offset - b.offset);
  const ranges: Range[] = [];
  let current: Range | undefined;
  for (const m of members) {
    if (current && m.offset - current.end <= maxGap) {
      current.end = Math.max(current.end, m.end);
      current.members.push(m);
    } else {
      current = { source, offset: m.offset, end: m.end, members: [m] };
      ranges.push(current);
    }
  }
  return ranges;
}

function cacheKey(ref: TileRef): string {
  return `${ref.cog.source.key}\u0000${ref.level}/${ref.index}`;
}

function levelOf(ref: TileRef): CogLevel {
  const level = ref.cog.header.levels[ref.level];
  if (!level) throw new RangeError(`COG has no level ${ref.level}`);
  return level;
}
