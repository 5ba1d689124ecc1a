import type { BandStatistics } from "./band-statistics";
import { CogAssembler } from "./cog-assembler";
import type { DeflateStrategy } from "./deflate";
import type { OverviewResampling } from "./downsample";
import { sameGrid, type Raster } from "./grid";

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
  /** zlib's strategy (deflate.ts): "rle" after a predictor, a third of the time for files 0.2-1.5 % larger. Default "default". */
  deflateStrategy?: DeflateStrategy;
  /** Whether the EPSG code is a projected or geographic CRS; by default EPSG codes 4000-4999 are geographic. */
  crsKind?: "projected" | "geographic";
  /** One description per band (GDAL shows them as band names), written in GDAL's metadata tag. */
  bandDescriptions?: string[];
  /** value = stored * scale + offset for every band, written in GDAL's metadata tag (GDAL's -unscale applies it). */
  scaling?: { scale: number; offset: number };
  /** Whether to compute each band's statistics (of the stored values) and write them in GDAL's metadata tag, as `gdalinfo -stats` would. */
  statistics?: boolean;
}

/** A written COG, and its bands' statistics when they were asked for (null for a band without valid pixels). */
export interface WrittenCog {
  bytes: Uint8Array;
  statistics?: (BandStatistics | null)[];
}

/**
 * Writes bands on one grid as a little-endian classic-TIFF Cloud-Optimized GeoTIFF in GDAL's COG
 * layout (see cog-assembler.ts), in one piece.
 */
export function writeCog(bands: Raster[], options: CogWriteOptions): Uint8Array {
  return writeCogFile(bands, options).bytes;
}

export function writeCogFile(bands: Raster[], options: CogWriteOptions): WrittenCog {
  const first = bands[0];
  if (!first) throw new RangeError("writeCog needs at least one band");
  const { grid, dataType } = first;
  const nodata = first.nodata;
  for (const band of bands) {
    if (band.dataType !== dataType || !sameGrid(band.grid, grid)) throw new RangeError("writeCog bands must share one grid and data type");
    if (!Object.is(band.nodata, nodata) && band.nodata !== nodata) throw new RangeError("writeCog bands must share one nodata value");
    if (band.data.length !== grid.width * grid.height) throw new RangeError("writeCog band data does not match its grid");
  }
  const assembler = new CogAssembler({ grid, bandCount: bands.length, dataType, nodata }, options);
  assembler.addRows(bands.map((band) => band.data), grid.height);
  const { byteLength, chunks, statistics } = assembler.finish();
  const out = new Uint8Array(byteLength);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return { bytes: out, ...(statistics ? { statistics } : {}) };
}
