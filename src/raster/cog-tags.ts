/** The TIFF tags of a COG's levels as GDAL writes them: image structure, GeoTIFF keys, band descriptions and statistics, nodata. */
import type { BandStatistics } from "./band-statistics";
import type { CogWriteOptions } from "./cog-writer";
import { bytesPerSample, isFloat, sampleFormat } from "./data-types";
import type { DataType, Grid } from "./grid";
import type { IfdEntry } from "./ifd-writer";
import type { TileEncoding } from "./tile-encoder";
import { Compression, FieldType, GeoKey, ModelType, RasterType, Tag } from "./tiff-tags";

export function encoding(options: CogWriteOptions, dataType: DataType): TileEncoding {
  const { tileSize, compression } = options;
  const predictor = options.predictor ?? 1;
  if (!(tileSize >= 16 && (tileSize & (tileSize - 1)) === 0)) throw new RangeError("tileSize must be a power of two of at least 16");
  if (predictor !== 1 && compression === "none") throw new RangeError("a predictor needs compression");
  if (predictor === 3 && !isFloat(dataType)) throw new RangeError("predictor 3 applies to floating-point data only");
  return { dataType, tileSize, compression, predictor, deflateLevel: options.deflateLevel ?? 6, deflateStrategy: options.deflateStrategy ?? "default" };
}

export function imageEntries(
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

export function geoEntries(grid: Grid, crsKind: CogWriteOptions["crsKind"]): IfdEntry[] {
  const match = /^EPSG:(\d+)$/i.exec(grid.crs);
  if (!match) throw new RangeError(`writeCog needs an EPSG CRS, got ${grid.crs}`);
  const epsg = Number(match[1]);
  const geographic = crsKind ? crsKind === "geographic" : epsg >= 4000 && epsg < 5000;
  const [minX, minY, maxX, maxY] = grid.bbox;
  const keys = [
    [GeoKey.GTModelType, geographic ? ModelType.Geographic : ModelType.Projected],
    [GeoKey.GTRasterType, RasterType.PixelIsArea],
    [geographic ? GeoKey.GeographicType : GeoKey.ProjectedCSType, epsg],
  ];
  return [
    { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, values: [(maxX - minX) / grid.width, (maxY - minY) / grid.height, 0] },
    { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, values: [0, 0, 0, minX, maxY, 0] },
    { tag: Tag.GeoKeyDirectory, type: FieldType.SHORT, values: [1, 1, 0, keys.length, ...keys.flatMap(([key, value]) => [key!, 0, 1, value!])] },
  ];
}

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** GDAL's statistics items of one band (as `gdalinfo -stats` stores them). */
function statisticsItems(sample: number, statistics: BandStatistics): string {
  const { minimum, maximum, mean, stddev, valid_percent } = statistics;
  const values = { MAXIMUM: maximum, MEAN: mean, MINIMUM: minimum, STDDEV: stddev, VALID_PERCENT: valid_percent };
  return Object.entries(values).map(([name, value]) => `<Item name="STATISTICS_${name}" sample="${sample}">${value}</Item>`).join("");
}

/** GDAL_METADATA: band descriptions, the scale and offset of stored values and band statistics, as GDAL writes them (per sample). */
export function metadataEntries(bands: number, descriptions: string[] | undefined, scaling: CogWriteOptions["scaling"], statistics?: (BandStatistics | null)[]): IfdEntry[] {
  const items: string[] = [];
  for (let i = 0; i < bands; i++) {
    const description = descriptions?.[i];
    if (description !== undefined) items.push(`<Item name="DESCRIPTION" sample="${i}" role="description">${xmlText(description)}</Item>`);
    if (scaling) items.push(`<Item name="OFFSET" sample="${i}" role="offset">${scaling.offset}</Item><Item name="SCALE" sample="${i}" role="scale">${scaling.scale}</Item>`);
    const band = statistics?.[i];
    if (band) items.push(statisticsItems(i, band));
  }
  return items.length ? [{ tag: Tag.GdalMetadata, type: FieldType.ASCII, values: `<GDALMetadata>${items.join("")}</GDALMetadata>` }] : [];
}

/** GDAL reads the nodata tag as text: "nan", "inf" and "-inf" for the special values. */
function nodataText(nodata: number): string {
  if (Number.isNaN(nodata)) return "nan";
  if (nodata === Infinity) return "inf";
  if (nodata === -Infinity) return "-inf";
  return String(nodata);
}
