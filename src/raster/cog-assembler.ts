/**
 * Builds a Cloud-Optimized GeoTIFF from rows that arrive in strips, top to bottom: each tile row
 * is compressed as soon as it is complete, overviews are downsampled from the passing rows, and
 * only compressed tiles (plus one tile row per level) stay in memory. The file is laid out at the
 * end in GDAL's COG layout — the full-resolution IFD at byte 8, the overview IFDs after it, then
 * tile data from the smallest overview to the full resolution — since every offset in the header
 * depends on the compressed sizes of all tiles.
 */
import type { CogWriteOptions } from "./cog-writer";
import { descriptionEntries, encoding, geoEntries, imageEntries } from "./cog-tags";
import { allocate } from "./data-types";
import { Downsampler } from "./downsample";
import type { DataType, Grid, TypedArray } from "./grid";
import { ifdSize, writeIfd, type IfdEntry } from "./ifd-writer";
import { encodeTiles, type TileEncoding } from "./tile-encoder";

export interface CogImage {
  grid: Grid;
  bandCount: number;
  dataType: DataType;
  nodata: number | null;
}

/** The finished file as the pieces to send or join in order. */
export interface AssembledCog {
  byteLength: number;
  chunks: Uint8Array[];
}

/** One resolution level: rows in, compressed tiles out. */
class Level {
  /** Tiles per tile plane (one plane when pixel-interleaved, one per band otherwise), in TileOffsets order within the plane. */
  readonly tiles: Uint8Array[][];
  private readonly buffer: TypedArray[];
  private filled = 0;
  private rowsDone = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    bandCount: number,
    private readonly interleave: "pixel" | "band",
    private readonly enc: TileEncoding,
    private readonly downsamplers: Downsampler[] | null,
  ) {
    this.tiles = Array.from({ length: interleave === "band" ? bandCount : 1 }, () => []);
    this.buffer = Array.from({ length: bandCount }, () => allocate(enc.dataType, enc.tileSize * width));
  }

  /** The next `count` rows of the full-resolution image, one array per band. */
  push(bands: TypedArray[], count: number): void {
    const rows = this.downsamplers ? bands.map((band, b) => this.downsamplers![b]!.push(band, count)) : bands;
    this.append(rows, this.downsamplers ? rows[0]!.length / this.width : count);
  }

  private append(rows: TypedArray[], count: number): void {
    let at = 0;
    while (at < count) {
      const n = Math.min(count - at, this.enc.tileSize - this.filled);
      rows.forEach((band, b) => this.buffer[b]!.set(band.subarray(at * this.width, (at + n) * this.width), this.filled * this.width));
      this.filled += n;
      at += n;
      if (this.filled === this.enc.tileSize || this.rowsDone + this.filled === this.height) this.flush();
    }
  }

  private flush(): void {
    const rows = this.buffer.map((band) => band.subarray(0, this.filled * this.width));
    const tiles = encodeTiles(rows, this.width, this.filled, this.interleave, this.enc);
    const across = tiles.length / this.tiles.length;
    this.tiles.forEach((plane, p) => plane.push(...tiles.slice(p * across, (p + 1) * across)));
    this.rowsDone += this.filled;
    this.filled = 0;
  }

  get complete(): boolean {
    return this.rowsDone === this.height;
  }
}

export class CogAssembler {
  private readonly levels: Level[];
  private readonly enc: TileEncoding;
  private rowsIn = 0;

  constructor(
    private readonly image: CogImage,
    private readonly options: CogWriteOptions,
  ) {
    const { grid, bandCount, dataType, nodata } = image;
    this.enc = encoding(options, dataType);
    const factors = options.overviews ?? [];
    if (factors.some((f, i) => !Number.isInteger(f) || f < 2 || (i > 0 && f <= factors[i - 1]!))) {
      throw new RangeError("overview factors must be increasing integers of at least 2");
    }
    const interleave = options.interleave ?? "pixel";
    const method = options.overviewResampling ?? "average";
    this.levels = [
      new Level(grid.width, grid.height, bandCount, interleave, this.enc, null),
      ...factors.map((f) => {
        const [w, h] = [Math.ceil(grid.width / f), Math.ceil(grid.height / f)];
        const downsamplers = Array.from({ length: bandCount }, () => new Downsampler(grid.width, grid.height, w, h, dataType, nodata, method));
        return new Level(w, h, bandCount, interleave, this.enc, downsamplers);
      }),
    ];
  }

  /** The next `count` rows (full width), one array per band, row-major. */
  addRows(bands: TypedArray[], count: number): void {
    if (bands.length !== this.image.bandCount) throw new RangeError(`expected ${this.image.bandCount} bands, got ${bands.length}`);
    if (bands.some((b) => b.length !== count * this.image.grid.width)) throw new RangeError("rows must span the full width");
    if (this.rowsIn + count > this.image.grid.height) throw new RangeError("more rows than the image has");
    for (const level of this.levels) level.push(bands, count);
    this.rowsIn += count;
  }

  finish(): AssembledCog {
    if (this.levels.some((level) => !level.complete)) throw new RangeError(`only ${this.rowsIn} of ${this.image.grid.height} rows were added`);
    const { bandCount, nodata, grid } = this.image;
    const interleave = this.options.interleave ?? "pixel";
    const plans = this.levels.map((level, i) => {
      const tiles = level.tiles.flat();
      const offsets = new Float64Array(tiles.length);
      const counts = Float64Array.from(tiles, (t) => t.length);
      const entries: IfdEntry[] = imageEntries(i > 0, level.width, level.height, bandCount, interleave, this.enc, nodata, offsets, counts);
      if (i === 0) entries.push(...geoEntries(grid, this.options.crsKind), ...descriptionEntries(this.options.bandDescriptions));
      return { tiles, offsets, entries };
    });
    // IFD sizes depend only on tile counts, so tile offsets can be assigned before anything is written.
    const ifdOffsets: number[] = [];
    let at = 8;
    for (const plan of plans) {
      ifdOffsets.push(at);
      at += ifdSize(plan.entries);
    }
    const headerBytes = at;
    const data = [...plans].reverse();
    for (const plan of data) {
      plan.tiles.forEach((tile, t) => {
        plan.offsets[t] = at;
        at += tile.length;
      });
    }
    if (at > 0xffffffff) throw new RangeError("COG larger than 4 GiB needs BigTIFF, which is not written");
    const header = new Uint8Array(headerBytes);
    const view = new DataView(header.buffer);
    header.set([0x49, 0x49, 42, 0]);
    view.setUint32(4, 8, true);
    plans.forEach((plan, i) => writeIfd(view, ifdOffsets[i]!, plan.entries, ifdOffsets[i + 1] ?? 0));
    return { byteLength: at, chunks: [header, ...data.flatMap((plan) => plan.tiles)] };
  }
}
