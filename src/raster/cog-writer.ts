import { bytesPerSample, isFloat, sampleFormat } from "./data-types";
import { downsample, type OverviewResampling } from "./downsample";
import type { Raster, TypedArray } from "./grid";
import { ifdSize, writeIfd, type IfdEntry } from "./ifd-writer";
import { encodeTiles, type TileEncoding } from "./tile-encoder";
import { Compression, FieldType, GeoKey, ModelType, RasterType, Tag } from "./tiff-tags";

export interface CogWriteOptions {
  /** Tile width and height, a power of two of at least 16 (GDAL's COG default is 512). */
  tileSize: number;
  compression: "deflate" | "none";
  /** 1 none, 2 horizontal differencing, 3 floating point (float data only). Needs compression. */
  predictor?: 1 | 2 | 3;
  /** Overview decimation factors, increasing, e.g. [2, 4, 8]. */
  overviews?: number[];
  /** How overview pixels are computed; default "average". */
  overviewResampling?: OverviewResampling;
  /** "pixel" (default, GDAL's COG default): one tile holds all bands. "band": one tile per band, so a reader of one band fetches only its bytes. */
  interleave?: "pixel" | "band";
  /** zlib level 1-9; default 6. */
  deflateLevel?: number;
  /** Whether the EPSG code is a projected or geographic CRS; by default EPSG codes 4000-4999 are geographic. */
  crsKind?: "projected" | "geographic";
  /** One description per band (GDAL shows them as band names), written in GDAL's metadata tag. */
  bandDescriptions?: string[];
}

interface LevelPlan {
  width: number;
  height: number;
  entries: IfdEntry[];
  tiles: Uint8Array[];
  offsets: Float64Array;
  counts: Float64Array;
}

/**
 * Writes bands on one grid as a little-endian classic-TIFF Cloud-Optimized GeoTIFF in GDAL's COG
 * layout: the full-resolution IFD at byte 8, the overview IFDs after it, then tile data from the
 * smallest overview to the full resolution, each level's tiles in TileOffsets order.
 */
export function writeCog(bands: Raster[], options: CogWriteOptions): Uint8Array {
  const first = bands[0];
  if (!first) throw new RangeError("writeCog needs at least one band");
  const { grid, dataType } = first;
  const nodata = first.nodata;
  for (const band of bands) {
    if (band.dataType !== dataType || !sameGrid(band.grid, grid)) throw new RangeError("writeCog bands must share one grid and data type");
    if (!Object.is(band.nodata, nodata) && band.nodata !== nodata) throw new RangeError("writeCog bands must share one nodata value");
    if (band.data.length !== grid.width * grid.height) throw new RangeError("writeCog band data does not match its grid");
  }
  const enc = encoding(options, dataType);
  const interleave = options.interleave ?? "pixel";
  const factors = options.overviews ?? [];
  if (factors.some((f, i) => !Number.isInteger(f) || f < 2 || (i > 0 && f <= factors[i - 1]!))) {
    throw new RangeError("overview factors must be increasing integers of at least 2");
  }

  const levels: LevelPlan[] = [];
  const sizes = [{ width: grid.width, height: grid.height }, ...factors.map((f) => ({ width: Math.ceil(grid.width / f), height: Math.ceil(grid.height / f) }))];
  for (const [i, { width, height }] of sizes.entries()) {
    const data: TypedArray[] = bands.map((band) =>
      i === 0 ? band.data : downsample(band.data, grid.width, grid.height, width, height, dataType, nodata, options.overviewResampling ?? "average"),
    );
    const tiles = encodeTiles(data, width, height, interleave, enc);
    const offsets = new Float64Array(tiles.length);
    const counts = Float64Array.from(tiles, (t) => t.length);
    const entries = imageEntries(i > 0, width, height, bands.length, interleave, enc, nodata, offsets, counts);
    if (i === 0) entries.push(...geoEntries(first, options.crsKind), ...descriptionEntries(options.bandDescriptions));
    levels.push({ width, height, entries, tiles, offsets, counts });
  }

  // IFD sizes depend only on tile counts, so tile offsets can be assigned before anything is written.
  const ifdOffsets: number[] = [];
  let at = 8;
  for (const level of levels) {
    ifdOffsets.push(at);
    at += ifdSize(level.entries);
  }
  for (const level of [...levels].reverse()) {
    level.tiles.forEach((tile, t) => {
      level.offsets[t] = at;
      at += tile.length;
    });
  }
  if (at > 0xffffffff) throw new RangeError("COG larger than 4 GiB needs BigTIFF, which writeCog does not write");

  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  levels.forEach((level, i) => {
    writeIfd(view, ifdOffsets[i]!, level.entries, ifdOffsets[i + 1] ?? 0);
    level.tiles.forEach((tile, t) => out.set(tile, level.offsets[t]!));
  });
  return out;
}

function encoding(options: CogWriteOptions, dataType: Raster["dataType"]): TileEncoding {
  const { tileSize, compression } = options;
  const predictor = options.predictor ?? 1;
  if (!(tileSize >= 16 && (tileSize & (tileSize - 1)) === 0)) throw new RangeError("tileSize must be a power of two of at least 16");
  if (predictor !== 1 && compression === "none") throw new RangeError("a predictor needs compression");
  if (predictor === 3 && !isFloat(dataType)) throw new RangeError("predictor 3 applies to floating-point data only");
  return { dataType, tileSize, compression, predictor, deflateLevel: options.deflateLevel ?? 6 };
}

function imageEntries(
  overview: boolean,
  width: number,
  height: number,
  samples: number,
  interleave: "pixel" | "band",
  enc: TileEncoding,
  nodata: number | null,
  offsets: Float64Array,
  counts: Float64Array,
): IfdEntry[] {
  const perSample = (value: number): number[] => new Array<number>(samples).fill(value);
  const entries: IfdEntry[] = [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [height] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: perSample(bytesPerSample(enc.dataType) * 8) },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [enc.compression === "deflate" ? Compression.Deflate : Compression.None] },
    // BlackIsZero: the bands are measurements, not colours.
    { tag: Tag.Photometric, type: FieldType.SHORT, values: [1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [samples] },
    { tag: Tag.PlanarConfiguration, type: FieldType.SHORT, values: [interleave === "band" ? 2 : 1] },
    { tag: Tag.TileWidth, type: FieldType.LONG, values: [enc.tileSize] },
    { tag: Tag.TileLength, type: FieldType.LONG, values: [enc.tileSize] },
    { tag: Tag.TileOffsets, type: FieldType.LONG, values: offsets },
    { tag: Tag.TileByteCounts, type: FieldType.LONG, values: counts },
    { tag: Tag.SampleFormat, type: FieldType.SHORT, values: perSample(sampleFormat(enc.dataType)) },
  ];
  if (overview) entries.push({ tag: Tag.NewSubfileType, type: FieldType.LONG, values: [1] });
  if (enc.predictor !== 1) entries.push({ tag: Tag.Predictor, type: FieldType.SHORT, values: [enc.predictor] });
  if (samples > 1) entries.push({ tag: Tag.ExtraSamples, type: FieldType.SHORT, values: perSample(0).slice(1) });
  if (nodata !== null) entries.push({ tag: Tag.GdalNodata, type: FieldType.ASCII, values: nodataText(nodata) });
  return entries;
}

function geoEntries(raster: Raster, crsKind: CogWriteOptions["crsKind"]): IfdEntry[] {
  const match = /^EPSG:(\d+)$/i.exec(raster.grid.crs);
  if (!match) throw new RangeError(`writeCog needs an EPSG CRS, got ${raster.grid.crs}`);
  const epsg = Number(match[1]);
  const geographic = crsKind ? crsKind === "geographic" : epsg >= 4000 && epsg < 5000;
  const [minX, minY, maxX, maxY] = raster.grid.bbox;
  const keys = [
    [GeoKey.GTModelType, geographic ? ModelType.Geographic : ModelType.Projected],
    [GeoKey.GTRasterType, RasterType.PixelIsArea],
    [geographic ? GeoKey.GeographicType : GeoKey.ProjectedCSType, epsg],
  ];
  return [
    { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, values: [(maxX - minX) / raster.grid.width, (maxY - minY) / raster.grid.height, 0] },
    { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, values: [0, 0, 0, minX, maxY, 0] },
    { tag: Tag.GeoKeyDirectory, type: FieldType.SHORT, values: [1, 1, 0, keys.length, ...keys.flatMap(([key, value]) => [key!, 0, 1, value!])] },
  ];
}

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** GDAL_METADATA: band descriptions as GDAL writes them (role "description", per sample). */
function descriptionEntries(descriptions: string[] | undefined): IfdEntry[] {
  if (!descriptions?.length) return [];
  const items = descriptions.map((d, i) => `<Item name="DESCRIPTION" sample="${i}" role="description">${xmlText(d)}</Item>`).join("");
  return [{ tag: Tag.GdalMetadata, type: FieldType.ASCII, values: `<GDALMetadata>${items}</GDALMetadata>` }];
}

/** GDAL reads the nodata tag as text: "nan", "inf" and "-inf" for the special values. */
function nodataText(nodata: number): string {
  if (Number.isNaN(nodata)) return "nan";
  if (nodata === Infinity) return "inf";
  if (nodata === -Infinity) return "-inf";
  return String(nodata);
}

function sameGrid(a: Raster["grid"], b: Raster["grid"]): boolean {
  return a.crs === b.crs && a.width === b.width && a.height === b.height && a.bbox.every((v, i) => v === b.bbox[i]);
}
