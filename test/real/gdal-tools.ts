/**
 * GDAL's and netCDF's command-line tools as independent readers of our output files. They are
 * required, not optional: a missing tool fails the test with what to install (.ci/run installs
 * the Debian packages gdal-bin, python3-gdal and netcdf-bin).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

function missingTool(what: string, debianPackage: string): Error {
  return new Error(`${what} is not available: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run does this)`);
}

/** Runs a tool that must be installed; answers its output whatever its exit status. */
function runTool(command: string, args: string[], debianPackage: string): SpawnSyncReturns<string> {
  const run = spawnSync(command, args, { encoding: "utf8" });
  if (run.error && (run.error as NodeJS.ErrnoException).code === "ENOENT") throw missingTool(command, debianPackage);
  if (run.error) throw run.error;
  return run;
}

function runToolOrFail(command: string, args: string[], debianPackage: string): string {
  const run = runTool(command, args, debianPackage);
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** What `gdalinfo -json` reports about a file (the parts the tests read). */
export interface GdalInfo {
  driverShortName: string;
  size: [number, number];
  geoTransform: number[];
  bands: { band: number; description?: string; type: string; noDataValue?: number | string; metadata?: Record<string, Record<string, string>> }[];
  stac?: { "proj:epsg"?: number | null };
  coordinateSystem?: { wkt: string };
  /** The dataset's metadata by domain (IMAGE_STRUCTURE holds COMPRESSION). */
  metadata?: Record<string, Record<string, string>>;
}

export function gdalInfo(path: string): GdalInfo {
  return JSON.parse(runToolOrFail("gdalinfo", ["-json", path], "gdal-bin")) as GdalInfo;
}

/** The EPSG code GDAL finds for a file's CRS: the last (outermost) ID["EPSG",n] of its WKT. */
export function gdalEpsg(info: GdalInfo): number | undefined {
  if (typeof info.stac?.["proj:epsg"] === "number") return info.stac["proj:epsg"];
  const ids = [...(info.coordinateSystem?.wkt ?? "").matchAll(/ID\["EPSG",(\d+)\]/g)];
  return ids.length ? Number(ids.at(-1)![1]) : undefined;
}

/** The value GDAL reads at a longitude/latitude in a band (1-based), or undefined outside the raster. */
export function gdalValueAtLonLat(path: string, band: number, lon: number, lat: number): number | undefined {
  const out = runToolOrFail("gdallocationinfo", ["-valonly", "-b", String(band), "-wgs84", path, String(lon), String(lat)], "gdal-bin").trim();
  return out === "" ? undefined : Number(out);
}

/** Debian's python3 has GDAL's Python utilities; another python3 earlier on the PATH may not. */
const PYTHONS = ["/usr/bin/python3", "python3"];
const COG_VALIDATOR = "osgeo_utils.samples.validate_cloud_optimized_geotiff";

function pythonWithGdal(): string {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ["-c", `import ${COG_VALIDATOR}`], { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return python;
  }
  throw missingTool(`GDAL's COG validator (python3 -m ${COG_VALIDATOR})`, "python3-gdal");
}

/** GDAL's COG validator: its exit status and what it printed. */
export function validateCog(path: string): { status: number | null; output: string } {
  const run = runTool(pythonWithGdal(), ["-m", COG_VALIDATOR, path], "python3-gdal");
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** GDAL's own statistics of each band, computed from every pixel (whatever the file claims): [minimum, maximum, mean, stddev]; null for a band without valid pixels. */
export function gdalComputedStatistics(path: string): ([number, number, number, number] | null)[] {
  // No .aux.xml beside the file: later reads must see only what the file itself holds.
  const script = [
    "import json, sys",
    "from osgeo import gdal",
    "gdal.UseExceptions()",
    "gdal.SetConfigOption('GDAL_PAM_ENABLED', 'NO')",
    "ds = gdal.Open(sys.argv[1])",
    "def stats(band):",
    "    try: return band.ComputeStatistics(False)",
    "    except RuntimeError: return None",
    "print(json.dumps([stats(ds.GetRasterBand(i + 1)) for i in range(ds.RasterCount)]))",
  ].join("\n");
  const run = runTool(pythonWithGdal(), ["-c", script, path], "python3-gdal");
  if (run.status !== 0) throw new Error(`GDAL's statistics of ${path} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ([number, number, number, number] | null)[];
}

/** Every pixel of every band as GDAL decodes it (python3-gdal's ReadAsArray), band by band, row-major. */
export function gdalPixels(path: string): Float64Array[] {
  const script = [
    "import sys",
    "import numpy",
    "from osgeo import gdal",
    "gdal.UseExceptions()",
    "ds = gdal.Open(sys.argv[1])",
    "sys.stdout.buffer.write(ds.ReadAsArray().astype(numpy.float64).tobytes())",
  ].join("\n");
  const run = spawnSync(pythonWithGdal(), ["-c", script, path], { maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`GDAL's decoding of ${path} failed:\n${run.stderr.toString()}`);
  const all = new Float64Array(run.stdout.buffer.slice(run.stdout.byteOffset, run.stdout.byteOffset + run.stdout.byteLength));
  const info = gdalInfo(path);
  const size = info.size[0] * info.size[1];
  return info.bands.map((_, b) => all.subarray(b * size, (b + 1) * size));
}

/** `ncdump -h`: a netCDF file's header in CDL. */
export function ncdumpHeader(path: string): string {
  return runToolOrFail("ncdump", ["-h", path], "netcdf-bin");
}

/** GDAL's multidimensional reading of a netCDF file (`gdalmdiminfo -detailed`): each array's dimensions and values ("NaN" for NaN). */
export function gdalArrays(path: string): Record<string, { dimensions: string[]; values: (number | string)[] }> {
  return (JSON.parse(runToolOrFail("gdalmdiminfo", ["-detailed", path], "gdal-bin")) as { arrays: Record<string, { dimensions: string[]; values: (number | string)[] }> }).arrays;
}

/** Converts any raster GDAL reads (a netCDF variable, a PNG) to a plain GeoTIFF, so that geotiff.js can read GDAL's decoding of it. */
export function gdalTranslateToGeoTiff(source: string, target: string): void {
  runToolOrFail("gdal_translate", ["-q", "-of", "GTiff", source, target], "gdal-bin");
}

/** Writes `source` as a tiled GeoTIFF with GDAL's GTiff driver and the given creation options (such as COMPRESS=PACKBITS, which the COG driver lacks). */
export function gdalTranslateToTiledGeoTiff(source: string, target: string, creationOptions: Record<string, string>): void {
  const options = Object.entries({ TILED: "YES", ...creationOptions }).flatMap(([key, value]) => ["-co", `${key}=${value}`]);
  runToolOrFail("gdal_translate", ["-q", "-of", "GTiff", ...options, source, target], "gdal-bin");
}

/**
 * Stacks single-band files into one tiled GeoTIFF written by GDAL, its bands described (a VRT's
 * band descriptions, which GDAL writes in its GDAL_METADATA tag) and `metadata` set on the dataset
 * (`-mo`: TIFFTAG_DATETIME becomes the TIFF DateTime tag, other names GDAL_METADATA items).
 */
export function gdalStackDescribed(sources: string[], descriptions: string[], metadata: Record<string, string>, target: string): void {
  const vrt = `${target}.vrt`;
  runToolOrFail("gdalbuildvrt", ["-q", "-overwrite", "-separate", vrt, ...sources], "gdal-bin");
  const described = descriptions.reduce((xml, description, i) => xml.replace(`band="${i + 1}">`, `band="${i + 1}"><Description>${description}</Description>`), readFileSync(vrt, "utf8"));
  writeFileSync(vrt, described);
  const mo = Object.entries(metadata).flatMap(([key, value]) => ["-mo", `${key}=${value}`]);
  runToolOrFail("gdal_translate", ["-q", "-of", "GTiff", "-co", "TILED=YES", ...mo, vrt, target], "gdal-bin");
}

/** Writes `source` as a JPEG (JFIF) with GDAL's JPEG driver, which compresses with libjpeg at `quality`. */
export function gdalTranslateToJpeg(source: string, target: string, quality: number): void {
  runToolOrFail("gdal_translate", ["-q", "-of", "JPEG", "-co", `QUALITY=${quality}`, source, target], "gdal-bin");
}

/** Writes `source` as a COG with GDAL's COG driver and the given creation options (such as BLOCKSIZE, COMPRESS, PREDICTOR). */
export function gdalTranslateToCog(source: string, target: string, creationOptions: Record<string, string>): void {
  const options = Object.entries(creationOptions).flatMap(([key, value]) => ["-co", `${key}=${value}`]);
  runToolOrFail("gdal_translate", ["-q", "-of", "COG", ...options, source, target], "gdal-bin");
}

/**
 * GDAL's rendering of a web map tile: `source` warped onto the tile's Web Mercator box at `size` px
 * with `resampling` (near, bilinear), the overview level chosen as gdalwarp does by default, as
 * float32 with an alpha band (written to `target`, a GeoTIFF). Sampled at the exact pixel centres
 * (`-et 0`: no approximate transform) with the kernel unscaled (XSCALE=YSCALE=1: gdalwarp otherwise
 * widens bilinear by the downsampling ratio, which our tiles don't).
 */
export function gdalWarpTile(source: string, target: string, bbox: readonly number[], size: number, resampling: "near" | "bilinear"): void {
  const args = ["-q", "-overwrite", "-t_srs", "EPSG:3857", "-te", ...bbox.map(String), "-ts", String(size), String(size), "-r", resampling, "-et", "0", "-wo", "XSCALE=1", "-wo", "YSCALE=1", "-ot", "Float32", "-dstalpha", source, target];
  runToolOrFail("gdalwarp", args, "gdal-bin");
}

/**
 * `source` warped onto a grid of its own CRS (`bbox`, `width` x `height` px) with `resampling`, at
 * the exact pixel centres (`-et 0`), from the full resolution (`-ovr NONE`), as float32; gdalwarp
 * widens its kernels by the downsampling ratio, as it does by default.
 */
export function gdalWarpGrid(source: string, target: string, bbox: readonly number[], width: number, height: number, resampling: "cubic"): void {
  const args = ["-q", "-overwrite", "-te", ...bbox.map(String), "-ts", String(width), String(height), "-r", resampling, "-et", "0", "-ovr", "NONE", "-ot", "Float32", source, target];
  runToolOrFail("gdalwarp", args, "gdal-bin");
}

/** A vector file's features as GDAL's OGR reads them (with `openOptions` of its driver), written back out by ogr2ogr as GeoJSON. */
export function ogrFeatures(path: string, openOptions: string[] = []): { properties: Record<string, unknown>; geometry: unknown }[] {
  const args = ["-f", "GeoJSON", "/vsistdout/", ...openOptions.flatMap((o) => ["-oo", o]), path];
  return (JSON.parse(runToolOrFail("ogr2ogr", args, "gdal-bin")) as { features: { properties: Record<string, unknown>; geometry: unknown }[] }).features;
}
