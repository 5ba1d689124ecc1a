/**
 * Reads a lazy cube into memory: per date, every band of every item in one parallel round
 * (readToGrid), mosaicked (first valid pixel wins), scaled (raster:bands scale/offset) into
 * float32 planes with NaN as no-data.
 */
import { fileError } from "../catalog/file-error";
import { locateBand } from "../catalog/collection-metadata";
import type { StacAsset } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import type { Cog } from "../raster/cog-header";
import { isFloat } from "../raster/data-types";
import { alignedOffset, type Raster } from "../raster/grid";
import { readToGrid, type GridReadRequest } from "../raster/read-to-grid";
import type { ResampleMethod } from "../raster/resample";
import type { DataAccess } from "./context";
import { markNative, type NativeType } from "./native";
import { DEFAULT_MAX_CUBE_BYTES, planBytes, planRead, type DateGroup, type ReadPlan } from "./plan";
import type { DataCube, LazyCube, RasterCube } from "./types";

/** One read of a date: which plane it fills and how its values are scaled. */
interface BandRead {
  band: number;
  asset: StacAsset;
  sample: number;
  scale: number;
  offset: number;
  /** The asset's raster:bands nodata, which stands for the file's own (a file may declare none). */
  nodata?: number;
}

/**
 * A cube larger than one read may be: ProcessGraphComplexity for the user, with the plan's grid so
 * that a caller able to work in strips (synchronous processing) can read it piece by piece.
 */
export class CubeTooLarge extends OpenEOError {
  constructor(
    readonly plan: ReadPlan,
    readonly bytes: number,
    max: number,
  ) {
    super("ProcessGraphComplexity", {}, {
      message: `The data cube would need ${Math.ceil(bytes / 2 ** 20)} MiB (${plan.grid.width} x ${plan.grid.height} px, ${plan.bands.length} bands, ${plan.dates.length} dates); at most ${Math.floor(max / 2 ** 20)} MiB fit in one read.`,
    });
  }
}

// A cube consumed by several processes (a graph that branches) is read once per window it is read
// in (a strip's own rows, or those a neighbourhood process reads around them).
const reads = new WeakMap<LazyCube, Map<string, Promise<RasterCube>>>();

export function materialize(cube: DataCube, data: DataAccess): Promise<RasterCube> {
  if (cube.kind === "raster") return Promise.resolve(cube);
  let ofCube = reads.get(cube);
  if (!ofCube) reads.set(cube, (ofCube = new Map()));
  const window = data.window ? JSON.stringify([data.window.crs, data.window.bbox, data.window.width, data.window.height]) : "";
  let read = ofCube.get(window);
  if (!read) ofCube.set(window, (read = readLazy(cube, data)));
  return read;
}

function readLazy(cube: LazyCube, data: DataAccess): Promise<RasterCube> {
  return planRead(cube, data).then((plan) => readPlan(plan, (data.tile && data.tileResampling) || (cube.target?.method ?? "nearest"), data));
}

/** Reads what a plan names (checked against the read limit first), date after date. */
export async function readPlan(plan: ReadPlan, resampling: ResampleMethod, data: DataAccess): Promise<RasterCube> {
  const bytes = planBytes(plan);
  const max = data.maxBytes ?? DEFAULT_MAX_CUBE_BYTES;
  if (bytes > max) throw new CubeTooLarge(plan, bytes, max);
  const planes: Float32Array[] = [];
  // Dates one after the other keeps the raw rasters of only one date in memory.
  for (const date of plan.dates) planes.push(...(await readDate(date, plan, data, resampling)));
  return planCube(plan, planes);
}

/** The cube a plan reads: its grid, t and bands, with `planes` (none, for its shape alone). */
export function planCube(plan: ReadPlan, planes: Float32Array[] = []): RasterCube {
  return {
    kind: "raster",
    grid: plan.grid,
    axes: { x: "x", y: "y" },
    dims: [
      { name: "t", type: "temporal", labels: plan.dates.map((d) => d.label) },
      { name: "bands", type: "bands", labels: plan.bands },
    ],
    planes,
  };
}

async function readDate(date: DateGroup, { grid, part = grid, bands }: ReadPlan, data: DataAccess, resampling: ResampleMethod): Promise<Float32Array[]> {
  // In item order, so that mosaicking below lets earlier items win.
  const reads: BandRead[] = date.items.flatMap((item) =>
    bands.flatMap((band, index) => {
      const location = locateBand(item, band);
      if (!location) return []; // An item without the band leaves its pixels to the next item.
      const asset = item.assets[location.asset]!;
      const raster = asset["raster:bands"]?.[location.sample];
      const nodata = typeof raster?.nodata === "number" ? { nodata: raster.nodata } : {};
      return [{ band: index, asset, sample: location.sample, scale: raster?.scale ?? 1, offset: raster?.offset ?? 0, ...nodata }];
    }),
  );
  // Bands of one multi-band asset share one opened COG.
  const opened = new Map<string, Promise<Cog>>();
  const open = (asset: StacAsset) => {
    let cog = opened.get(asset.href);
    if (!cog) opened.set(asset.href, (cog = data.openAsset(asset)));
    return cog;
  };
  const requests: GridReadRequest[] = await Promise.all(reads.map(async (r) => ({ cog: await open(r.asset), sample: r.sample })));
  const rasters = await readToGrid(requests, part, { resampling, ...(data.tiles ? { fetch: { cache: data.tiles } } : {}) }).catch((error: unknown) => {
    throw fileError(error);
  });
  const planes = bands.map(() => new Float32Array(grid.width * grid.height));
  const at = alignedOffset(part, grid)!; // A part of the grid by construction (planRead).
  // Planes start empty (NaN), but one whose first raster covers it whole is written over entirely.
  const covers = ({ grid: { width, height } }: Raster) => at.x === 0 && at.y === 0 && width === grid.width && height === grid.height;
  const filled = new Set<number>();
  reads.forEach((read, i) => {
    const first = !filled.has(read.band);
    if (first && !covers(rasters[i]!)) planes[read.band]!.fill(NaN);
    mosaic(planes[read.band]!, grid.width, rasters[i]!, read, at, first);
    filled.add(read.band);
  });
  planes.forEach((plane, band) => {
    if (!filled.has(band)) plane.fill(NaN);
  });
  planes.forEach((plane, band) => {
    const type = storedAs(reads.flatMap((read, i) => (read.band === band ? [{ read, raster: rasters[i]! }] : [])));
    if (type) markNative(plane, type);
  });
  return planes;
}

/** The integer type a band's reads were stored in, when they agree (float sources and resampled reads have none worth keeping). */
function storedAs(sources: { read: BandRead; raster: Raster }[]): NativeType | undefined {
  const [first, ...rest] = sources;
  if (!first || isFloat(first.raster.dataType)) return undefined;
  const type: NativeType = { dataType: first.raster.dataType, scale: first.read.scale, offset: first.read.offset, nodata: first.read.nodata ?? first.raster.nodata };
  const agrees = ({ read, raster }: (typeof sources)[number]) =>
    raster.dataType === type.dataType && read.scale === type.scale && read.offset === type.offset && (read.nodata ?? raster.nodata) === type.nodata;
  return rest.every(agrees) ? type : undefined;
}

/**
 * Fills the plane's still empty pixels with the raster's valid ones, scaled; the raster covers the
 * plane's pixels from `at` on. The first raster of a plane finds every pixel empty, and is copied
 * without looking (the common case of one item: a quarter faster).
 */
function mosaic(plane: Float32Array, planeWidth: number, raster: Raster, read: BandRead, at: { x: number; y: number }, first: boolean): void {
  const { data, grid } = raster;
  const { scale, offset } = read;
  const nodata = read.nodata ?? raster.nodata ?? NaN;
  for (let row = 0; row < grid.height; row++) {
    const start = (at.y + row) * planeWidth + at.x;
    const source = row * grid.width;
    if (first) {
      for (let col = 0; col < grid.width; col++) {
        const v = data[source + col]!;
        plane[start + col] = v === nodata || Number.isNaN(v) ? NaN : v * scale + offset;
      }
      continue;
    }
    for (let col = 0; col < grid.width; col++) {
      const v = data[source + col]!;
      const i = start + col;
      if (Number.isNaN(plane[i]!) && v !== nodata && !Number.isNaN(v)) plane[i] = v * scale + offset;
    }
  }
}
