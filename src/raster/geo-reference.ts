import { CogFormatError } from "./cog-errors";
import type { Ifd } from "./tiff-parser";
import { GeoKey, ModelType, RasterType, Tag } from "./tiff-tags";

/** A north-up affine transform: x = originX + col * pixelWidth, y = originY - row * pixelHeight. */
export interface GeoTransform {
  originX: number;
  originY: number;
  pixelWidth: number;
  pixelHeight: number;
}

export interface GeoReference {
  transform: GeoTransform;
  epsg: number;
}

/** Reads the geotransform and EPSG code of the full-resolution IFD. */
export function readGeoReference(ifd: Ifd): GeoReference {
  const keys = geoKeys(ifd.get(Tag.GeoKeyDirectory));
  const transform = readTransform(ifd);
  if (keys.get(GeoKey.GTRasterType) === RasterType.PixelIsPoint) {
    // Like GDAL: the tie point names a pixel centre, so the grid's corner lies half a pixel up-left.
    transform.originX -= transform.pixelWidth / 2;
    transform.originY += transform.pixelHeight / 2;
  }
  return { transform, epsg: readEpsg(keys) };
}

function readTransform(ifd: Ifd): GeoTransform {
  const matrix = numbers(ifd, Tag.ModelTransformation);
  if (matrix && matrix.length >= 16) {
    const [a, b, , d, e, f, , h] = matrix;
    if (b !== 0 || e !== 0) throw new CogFormatError("COG has a rotated or sheared geotransform, which is not supported");
    return checked({ originX: d!, originY: h!, pixelWidth: a!, pixelHeight: -f! });
  }
  const scale = numbers(ifd, Tag.ModelPixelScale);
  const tiepoints = numbers(ifd, Tag.ModelTiepoint);
  if (!scale || scale.length < 2 || !tiepoints || tiepoints.length < 6) {
    throw new CogFormatError("COG is not georeferenced (no ModelPixelScale/ModelTiepoint or ModelTransformation)");
  }
  if (tiepoints.length > 6) throw new CogFormatError("COG is georeferenced by ground control points, which is not supported");
  const [i, j, , x, y] = tiepoints;
  const [sx, sy] = scale;
  return checked({ originX: x! - i! * sx!, originY: y! + j! * sy!, pixelWidth: sx!, pixelHeight: sy! });
}

function checked(transform: GeoTransform): GeoTransform {
  if (!(transform.pixelWidth > 0 && transform.pixelHeight > 0)) {
    throw new CogFormatError("COG is not north-up (flipped or zero pixel size), which is not supported");
  }
  return transform;
}

function readEpsg(keys: Map<number, number>): number {
  const model = keys.get(GeoKey.GTModelType);
  const projected = keys.get(GeoKey.ProjectedCSType);
  const geographic = keys.get(GeoKey.GeographicType);
  const code = model === ModelType.Geographic ? geographic : (projected ?? geographic);
  // 32767 means "user-defined": the CRS is spelled out in parameters we do not interpret.
  if (code === undefined || code === 0 || code === 32767) {
    throw new CogFormatError("COG CRS is not identified by an EPSG code, which is not supported");
  }
  return code;
}

/** GeoKeyDirectory -> key id -> value, for the keys stored inline as SHORTs. */
function geoKeys(directory: Float64Array | string | undefined): Map<number, number> {
  const keys = new Map<number, number>();
  if (!(directory instanceof Float64Array) || directory.length < 4) return keys;
  const count = directory[3]!;
  for (let k = 0; k < count; k++) {
    const at = 4 + 4 * k;
    if (at + 3 >= directory.length) break;
    if (directory[at + 1] === 0) keys.set(directory[at]!, directory[at + 3]!);
  }
  return keys;
}

function numbers(ifd: Ifd, tag: number): Float64Array | undefined {
  const value = ifd.get(tag);
  return value instanceof Float64Array ? value : undefined;
}
