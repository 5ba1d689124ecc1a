/**
 * Builds a Cloud-Optimized GeoTIFF from rows that arrive in strips, top to bottom: each tile row
 * is compressed as soon as it is complete, overviews are downsampled from the passing rows, and
 * only compressed tiles (plus one tile row per level) stay in memory — or, for results too large
 * to hold, the compressed tiles are handed out as they are made (see CogLayout). The file is laid
 * out at the end in GDAL's COG layout — the full-resolution IFD at byte 8, the overview IFDs after
 * it, then tile data from the smallest overview to the full resolution — since every offset in the
 * header depends on the compressed sizes of all tiles.
 */
import { StatisticsAccumulator, type BandStatistics } from "./band-statistics";
import type { CogWriteOptions } from "./cog-writer";
import { encoding, geoEntries, imageEntries, metadataEntries } from "./cog-tags";
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

/**
 * The finished file without its tiles: the header, and the tiles' numbers (in the order they were
 * handed out, from 0) in the order the file holds them after it.
 */
export interface CogLayout {
  byteLength: number;
  header: Uint8Array;
  tileOrder: number[];
  /** Per band, when the options ask for statistics (also written in the header). */
  statistics?: (BandStatistics | null)[];
}

/** The finished file as the pieces to send in order. */
export interface AssembledCog {
  byteLength: number;
  chunks: Uint8Array[];
  statistics?: (BandStatistics | null)[];
}

/** Receives a tile row's tiles of one tile plane. */
type TileSink = (plane: number, tiles: Uint8Array[]) => void;

/** One resolution level: rows in, compressed tiles out, one tile row at a time. */
class Level {
  private readonly buffer: TypedArray[];
  private readonly planes: number;
  private filled = 0;
  private rowsDone = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    bandCount: number,
    private readonly interleave: "pixel" | "band",
    private readonly enc: TileEncoding,
    private readonly downsamplers: Downsampler[] | null,
    private readonly sink: TileSink,
  ) {
    this.planes = interleave === "band" ? bandCount : 1;
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
    const across = tiles.length / this.planes;
    for (let p = 0; p < this.planes; p++) this.sink(p, tiles.slice(p * across, (p + 1) * across));
    this.rowsDone += this.filled;
    this.filled = 0;
  }

  get complete(): boolean {
    return this.rowsDone === this.height;
  }
}

function checkRows(image: CogImage, bands: TypedArray[], count: number, rowsIn: number): void {
  if (bands.length !== image.bandCount) throw new RangeError(`expected ${image.bandCount} bands, got ${bands.length}`);
  if (bands.some((b) => b.length !== count * image.grid.width)) throw new RangeError("rows must span the full width");
  if (rowsIn + count > image.grid.height) throw new RangeError("more rows than the image has");
}

export class CogAssembler {
  private readonly levels: Level[];
  /** Per level and tile plane: the tiles' numbers and sizes. */
  private readonly numbers: number[][][];
  private readonly sizes: number[][][];
  /** The tiles, when this assembler keeps them. */
  private readonly kept: Uint8Array[] = [];
  private made = 0;
  private readonly enc: TileEncoding;
  private readonly statistics: StatisticsAccumulator[] | null;
  private rowsIn = 0;

  constructor(
    private readonly image: CogImage,
    private readonly options: CogWriteOptions,
    /** Receives every tile as it is made (numbered from 0 in this order), instead of the assembler keeping them: see layout(). */
    onTile?: (tile: Uint8Array) => void,
  ) {
    const { grid, bandCount, dataType, nodata } = image;
    this.enc = encoding(options, dataType);
    this.statistics = options.statistics ? Array.from({ length: bandCount }, () => new StatisticsAccumulator(nodata)) : null;
    const factors = options.overviews ?? [];
    if (factors.some((f, i) => !Number.isInteger(f) || f < 2 || (i > 0 && f <= factors[i - 1]!))) {
      throw new RangeError("overview factors must be increasing integers of at least 2");
    }
    const interleave = options.interleave ?? "pixel";
    const method = options.overviewResampling ?? "average";
    const planes = interleave === "band" ? bandCount : 1;
    this.numbers = [0, ...factors].map(() => Array.from({ length: planes }, () => []));
    this.sizes = [0, ...factors].map(() => Array.from({ length: planes }, () => []));
    const hand = onTile ?? ((tile: Uint8Array) => this.kept.push(tile));
    const sink =
      (level: number): TileSink =>
      (plane, tiles) => {
        for (const tile of tiles) {
          this.numbers[level]![plane]!.push(this.made++);
          this.sizes[level]![plane]!.push(tile.length);
          hand(tile);
        }
      };
    this.levels = [
      new Level(grid.width, grid.height, bandCount, interleave, this.enc, null, sink(0)),
      ...factors.map((f, i) => {
        const [w, h] = [Math.ceil(grid.width / f), Math.ceil(grid.height / f)];
        const downsamplers = Array.from({ length: bandCount }, () => new Downsampler(grid.width, grid.height, w, h, dataType, nodata, method));
        return new Level(w, h, bandCount, interleave, this.enc, downsamplers, sink(i + 1));
      }),
    ];
  }

  /** The next `count` rows (full width), one array per band, row-major. */
  addRows(bands: TypedArray[], count: number): void {
    checkRows(this.image, bands, count, this.rowsIn);
    for (const level of this.levels) level.push(bands, count);
    this.statistics?.forEach((accumulator, b) => accumulator.addRows(bands[b]!, this.image.grid.width));
    this.rowsIn += count;
  }

  /** The header and the file order of the tiles handed out; every row must have been added. */
  layout(): CogLayout {
    if (this.levels.some((level) => !level.complete)) throw new RangeError(`only ${this.rowsIn} of ${this.image.grid.height} rows were added`);
    const { bandCount, nodata, grid } = this.image;
    const interleave = this.options.interleave ?? "pixel";
    const statistics = this.statistics?.map((accumulator) => accumulator.result());
    const plans = this.levels.map((level, i) => {
      const numbers = this.numbers[i]!.flat();
      const counts = Float64Array.from(this.sizes[i]!.flat());
      const offsets = new Float64Array(counts.length);
      const entries: IfdEntry[] = imageEntries(i > 0, level.width, level.height, bandCount, interleave, this.enc, nodata, offsets, counts);
      if (i === 0) entries.push(...geoEntries(grid, this.options.crsKind), ...metadataEntries(bandCount, this.options.bandDescriptions, this.options.scaling, statistics));
      return { numbers, counts, offsets, entries };
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
      plan.counts.forEach((size, t) => {
        plan.offsets[t] = at;
        at += size;
      });
    }
    if (at > 0xffffffff) throw new RangeError("COG larger than 4 GiB needs BigTIFF, which is not written");
    const header = new Uint8Array(headerBytes);
    const view = new DataView(header.buffer);
    header.set([0x49, 0x49, 42, 0]);
    view.setUint32(4, 8, true);
    plans.forEach((plan, i) => writeIfd(view, ifdOffsets[i]!, plan.entries, ifdOffsets[i + 1] ?? 0));
    return { byteLength: at, header, tileOrder: data.flatMap((plan) => plan.numbers), ...(statistics ? { statistics } : {}) };
  }

  /** The whole file, from the tiles this assembler kept (constructed without `onTile`). */
  finish(): AssembledCog {
    const { byteLength, header, tileOrder, statistics } = this.layout();
    if (this.kept.length !== this.made) throw new RangeError("the tiles were handed out, not kept: use layout()");
    return { byteLength, chunks: [header, ...tileOrder.map((n) => this.kept[n]!)], ...(statistics ? { statistics } : {}) };
  }
}
