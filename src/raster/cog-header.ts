import type { ByteSource } from "./byte-source";
import { CogFormatError } from "./cog-errors";
import { checkLevelShape, checkTileRanges } from "./cog-limits";
import { crsDefinition, UnsupportedCrsError } from "./crs-definition";
import { bytesPerSample, isFloat } from "./data-types";
import { assertSupportedCompression, SAMPLE_CODECS } from "./decompress";
import { bandDescriptions, datasetDate, metadataItems } from "./gdal-metadata";
import { readGeoReference, type GeoTransform } from "./geo-reference";
import type { DataType, Grid } from "./grid";
import type { Ifd, ParsedTiff } from "./tiff-parser";
import { Compression, COMPRESSION_NAMES, Photometric, Tag } from "./tiff-tags";

/** One resolution level of a COG: the full-resolution image or one of its overviews. */
export interface CogLevel {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  tilesAcross: number;
  tilesDown: number;
  /** Per tile, row-major; for planar files all tiles of sample 0, then of sample 1, ... */
  tileOffsets: Float64Array;
  tileByteCounts: Float64Array;
  samplesPerPixel: number;
  /** PlanarConfiguration 2: each sample in its own tiles. */
  planar: boolean;
  dataType: DataType;
  compression: number;
  predictor: number;
  nodata: number | null;
  /** JPEG: the tables (tag 347) that every tile's stream leaves out; null when the file has none. */
  jpegTables: Uint8Array | null;
  /** JPEG tiles in YCbCr (Photometric 6): decoded to RGB, as GDAL reads them. */
  ycbcr: boolean;
  /** LERC: what each blob is wrapped in (LercParameters, tag 50674: 0 nothing, 1 DEFLATE, 2 ZSTD). */
  lercWrapping: number;
}

/** The parsed, source-independent header of a COG; cached per isolate by ByteSource key. */
export interface CogHeader {
  littleEndian: boolean;
  /** levels[0] is full resolution; overviews follow from finest to coarsest. */
  levels: CogLevel[];
  dataType: DataType;
  samplesPerPixel: number;
  nodata: number | null;
  transform: GeoTransform;
  epsg: number;
  /** The full-resolution grid. */
  grid: Grid;
  /** Per sample, its description from GDAL's metadata ("" where none); absent when no sample has one. */
  descriptions?: string[];
  /** The file's observation date (RFC 3339, UTC) from GDAL's metadata, when it has one (gdal-metadata.ts's datasetDate). */
  datetime?: string;
}

/** An opened COG: its header and where its bytes are. */
export interface Cog {
  source: ByteSource;
  header: CogHeader;
  /** How errors name the file (an asset's href); the source's key when absent. */
  name?: string;
}

const REDUCED_RESOLUTION = 1;
const TRANSPARENCY_MASK = 4;

export function buildCogHeader(tiff: ParsedTiff): CogHeader {
  const [main, ...rest] = tiff.ifds.map((ifd) => ({ ifd, type: scalar(ifd, Tag.NewSubfileType) ?? 0 }));
  if (!main || main.type & TRANSPARENCY_MASK) throw new CogFormatError("the first TIFF image is a mask");
  const full = buildLevel(main.ifd);
  const overviews = rest
    .filter(({ type }) => type & REDUCED_RESOLUTION && !(type & TRANSPARENCY_MASK))
    .map(({ ifd }) => buildLevel(ifd))
    // An overview we could not combine with the full resolution is left out rather than misread.
    .filter((level) => level.dataType === full.dataType && level.samplesPerPixel === full.samplesPerPixel && level.width < full.width)
    .sort((a, b) => b.width - a.width);
  const { transform, epsg } = readGeoReference(main.ifd);
  assertKnownCrs(epsg);
  const grid: Grid = {
    crs: `EPSG:${epsg}`,
    bbox: [
      transform.originX,
      transform.originY - full.height * transform.pixelHeight,
      transform.originX + full.width * transform.pixelWidth,
      transform.originY,
    ],
    width: full.width,
    height: full.height,
  };
  const metadata = main.ifd.get(Tag.GdalMetadata);
  const items = typeof metadata === "string" ? describedItems(metadata) : [];
  const descriptions = bandDescriptions(items, full.samplesPerPixel);
  const datetime = datasetDate(items);
  return {
    ...(descriptions.some((d) => d !== "") ? { descriptions } : {}),
    ...(datetime ? { datetime } : {}),
    littleEndian: tiff.littleEndian,
    levels: [full, ...overviews],
    dataType: full.dataType,
    samplesPerPixel: full.samplesPerPixel,
    nodata: full.nodata,
    transform,
    epsg,
    grid,
  };
}

/** The GDAL_METADATA items; a tag the parser can't read makes the file unreadable, not the request fail (a 500). */
function describedItems(metadata: string): ReturnType<typeof metadataItems> {
  try {
    return metadataItems(metadata);
  } catch (error) {
    throw new CogFormatError(`its GDAL_METADATA tag can't be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function buildLevel(ifd: Ifd): CogLevel {
  const width = required(ifd, Tag.ImageWidth);
  const height = required(ifd, Tag.ImageLength);
  const tiled = ifd.has(Tag.TileWidth);
  // A stripped image is read as tiles one image wide; the last strip may hold fewer rows.
  const tileWidth = tiled ? required(ifd, Tag.TileWidth) : width;
  const tileHeight = tiled ? required(ifd, Tag.TileLength) : Math.min(scalar(ifd, Tag.RowsPerStrip) ?? height, height);
  const samplesPerPixel = scalar(ifd, Tag.SamplesPerPixel) ?? 1;
  const planar = samplesPerPixel > 1 && scalar(ifd, Tag.PlanarConfiguration) === 2;
  const dataType = dataTypeOf(ifd);
  const tileBytes = checkLevelShape({ width, height, tileWidth, tileHeight, tiled, samplesPerPixel, planar, bytesPerSample: bytesPerSample(dataType) });
  const tileOffsets = array(ifd, tiled ? Tag.TileOffsets : Tag.StripOffsets);
  const tileByteCounts = array(ifd, tiled ? Tag.TileByteCounts : Tag.StripByteCounts);
  const tilesAcross = Math.ceil(width / tileWidth);
  const tilesDown = Math.ceil(height / tileHeight);
  const tileCount = tilesAcross * tilesDown * (planar ? samplesPerPixel : 1);
  if (tileOffsets.length < tileCount || tileByteCounts.length < tileCount) {
    throw new CogFormatError(`TIFF image lists ${Math.min(tileOffsets.length, tileByteCounts.length)} tiles where ${tileCount} are needed`);
  }
  checkTileRanges(tileOffsets, tileByteCounts, tileCount, tileBytes);
  const compression = scalar(ifd, Tag.Compression) ?? 1;
  assertSupportedCompression(compression);
  const predictor = scalar(ifd, Tag.Predictor) ?? 1;
  if (!(predictor === 1 || predictor === 2 || (predictor === 3 && isFloat(dataType)))) {
    throw new CogFormatError(`TIFF predictor ${predictor} is not supported for ${dataType} samples`);
  }
  const photometric = scalar(ifd, Tag.Photometric) ?? 1;
  checkSampleCodec(compression, { predictor, photometric, dataType, samplesPerPixel, planar });
  const jpegTables = ifd.get(Tag.JpegTables);
  const lercParameters = ifd.get(Tag.LercParameters);
  const nodataText = ifd.get(Tag.GdalNodata);
  return {
    width,
    height,
    tileWidth,
    tileHeight,
    tilesAcross,
    tilesDown,
    tileOffsets,
    tileByteCounts,
    samplesPerPixel,
    planar,
    dataType,
    compression,
    predictor,
    nodata: typeof nodataText === "string" ? parseNodata(nodataText) : null,
    jpegTables: jpegTables instanceof Float64Array ? Uint8Array.from(jpegTables) : null,
    ycbcr: photometric === Photometric.YCbCr,
    lercWrapping: lercParameters instanceof Float64Array ? (lercParameters[1] ?? 0) : 0,
  };
}

/**
 * The layouts JPEG, WebP and LERC tiles come in from GDAL: 8-bit JPEG (greyscale, RGB or YCbCr),
 * 8-bit RGB or RGBA WebP, LERC of any type; none with a predictor. YCbCr is read only from JPEG
 * (raw subsampled YCbCr would be misread). Anything else is refused now rather than misread later.
 */
function checkSampleCodec(compression: number, level: { predictor: number; photometric: number; dataType: DataType; samplesPerPixel: number; planar: boolean }): void {
  const name = COMPRESSION_NAMES[compression];
  if (level.photometric === Photometric.YCbCr && compression !== Compression.Jpeg) {
    throw new CogFormatError(`YCbCr images are supported with JPEG compression only, not ${name}`);
  }
  if (!SAMPLE_CODECS.has(compression)) return;
  if (level.predictor !== 1) throw new CogFormatError(`TIFF predictor ${level.predictor} with ${name} compression is not supported`);
  if ((compression === Compression.Jpeg || compression === Compression.Webp) && level.dataType !== "uint8") {
    throw new CogFormatError(`${name} tiles of ${level.dataType} samples are not supported (8-bit only)`);
  }
  if (compression === Compression.Webp && (level.planar || (level.samplesPerPixel !== 3 && level.samplesPerPixel !== 4))) {
    throw new CogFormatError("WEBP tiles are supported with 3 or 4 interleaved samples a pixel (RGB, RGBA) only");
  }
  if (level.photometric === Photometric.YCbCr && (level.planar || level.samplesPerPixel !== 3)) {
    throw new CogFormatError("YCbCr JPEG tiles are supported with 3 interleaved samples a pixel only");
  }
}

/** A CRS this back-end can't transform would fail every read later; the file's problem, said now. */
function assertKnownCrs(epsg: number): void {
  try {
    crsDefinition(`EPSG:${epsg}`);
  } catch (error) {
    if (!(error instanceof UnsupportedCrsError)) throw error;
    throw new CogFormatError(`COG CRS EPSG:${epsg} is not supported by this back-end`);
  }
}

function dataTypeOf(ifd: Ifd): DataType {
  const bits = uniform(ifd, Tag.BitsPerSample, 1);
  const format = uniform(ifd, Tag.SampleFormat, 1);
  const name = ({ 1: "uint", 2: "int", 3: "float" } as Record<number, string>)[format];
  const type = `${name}${bits}`;
  if (!["uint8", "uint16", "uint32", "int8", "int16", "int32", "float32", "float64"].includes(type)) {
    throw new CogFormatError(`COG sample type (SampleFormat ${format}, ${bits} bits) is not supported`);
  }
  return type as DataType;
}

/** GDAL writes the nodata value as text; "nan" and "inf" spell the special values. */
function parseNodata(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === "nan" || t === "-nan") return NaN;
  if (t === "inf" || t === "+inf") return Infinity;
  if (t === "-inf") return -Infinity;
  const value = Number(t);
  return t === "" || Number.isNaN(value) ? null : value;
}

/** A per-sample tag whose values must all agree (we do not read mixed-type samples). */
function uniform(ifd: Ifd, tag: number, fallback: number): number {
  const values = ifd.get(tag);
  if (!(values instanceof Float64Array) || values.length === 0) return fallback;
  if (values.some((v) => v !== values[0])) throw new CogFormatError(`COG samples differ in tag ${tag}, which is not supported`);
  return values[0]!;
}

function scalar(ifd: Ifd, tag: number): number | undefined {
  const value = ifd.get(tag);
  return value instanceof Float64Array ? value[0] : undefined;
}

function required(ifd: Ifd, tag: number): number {
  const value = scalar(ifd, tag);
  if (value === undefined || value <= 0) throw new CogFormatError(`TIFF image lacks tag ${tag}`);
  return value;
}

function array(ifd: Ifd, tag: number): Float64Array {
  const value = ifd.get(tag);
  if (!(value instanceof Float64Array)) throw new CogFormatError(`TIFF image lacks tag ${tag}`);
  return value;
}
