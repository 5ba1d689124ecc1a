/**
 * A raster cube as a UDF's applyDatacube sees it and back: `dimensions` (label dimensions, then y
 * and x with their pixel-centre coordinates), `shape`, and `data` row-major in that order, which is
 * our planes one after the other. A UDF may change the label dimensions (their labels, their number)
 * but not the grid: y and x come back as they went.
 */
import { axisCentres } from "../../cube/dimensions";
import type { BandLabel, LabelDimension, RasterCube } from "../../cube/types";
import { udfFailed, type UdfCube } from "../../sandbox/sandbox";

export function toUdfCube(cube: RasterCube): UdfCube {
  const pixels = cube.grid.width * cube.grid.height;
  const data = new Float32Array(cube.planes.length * pixels);
  cube.planes.forEach((plane, i) => data.set(plane, i * pixels));
  return {
    dimensions: [
      ...cube.dims.map((dim) => ({ name: dim.name, type: dim.type, labels: dim.type === "bands" ? dim.labels.map((b) => b.name) : [...dim.labels] })),
      { name: cube.axes.y, type: "spatial", labels: axisCentres(cube, "y") },
      { name: cube.axes.x, type: "spatial", labels: axisCentres(cube, "x") },
    ],
    shape: [...cube.dims.map((dim) => dim.labels.length), cube.grid.height, cube.grid.width],
    data,
  };
}

function invalid(reason: string): Error {
  return udfFailed(`applyDatacube's answer ${reason}`);
}

function labelDimension(dim: { name?: unknown; type?: unknown; labels?: unknown }, before: RasterCube): LabelDimension {
  if (typeof dim.name !== "string" || dim.name === "") throw invalid("has a dimension without a name");
  if (!Array.isArray(dim.labels) || dim.labels.some((l) => typeof l !== "string" && typeof l !== "number")) throw invalid(`has no labels of strings or numbers for dimension '${dim.name}'`);
  const labels = dim.labels as (string | number)[];
  if (dim.type === "bands") {
    // Bands that kept their names keep what we know about them (common names, aliases).
    const known = new Map(before.dims.flatMap((d) => (d.type === "bands" ? d.labels.map((b) => [b.name, b] as const) : [])));
    return { name: dim.name, type: "bands", labels: labels.map((l): BandLabel => known.get(String(l)) ?? { name: String(l) }) };
  }
  if (dim.type === "temporal") return { name: dim.name, type: "temporal", labels: labels.map(String) };
  if (dim.type === "other") return { name: dim.name, type: "other", labels };
  throw invalid(`gives dimension '${dim.name}' the type ${JSON.stringify(dim.type)}; label dimensions are bands, temporal or other`);
}

export function fromUdfCube(answer: UdfCube, before: RasterCube): RasterCube {
  const { dimensions, shape, data } = answer;
  if (!Array.isArray(dimensions) || !Array.isArray(shape) || dimensions.length !== shape.length || dimensions.length < 2) {
    throw invalid("must have dimensions and a shape of the same length, ending with y and x");
  }
  const [y, x] = dimensions.slice(-2);
  if (y?.name !== before.axes.y || x?.name !== before.axes.x || shape.at(-2) !== before.grid.height || shape.at(-1) !== before.grid.width) {
    throw invalid(`must end with dimensions ${before.axes.y} (${before.grid.height}) and ${before.axes.x} (${before.grid.width}) as given: a UDF can't change the grid`);
  }
  const dims = dimensions.slice(0, -2).map((dim, i) => {
    const parsed = labelDimension(dim, before);
    if (parsed.labels.length !== shape[i]) throw invalid(`has ${parsed.labels.length} labels for dimension '${parsed.name}' but a shape of ${shape[i]}`);
    return parsed;
  });
  const pixels = before.grid.width * before.grid.height;
  const planes = dims.reduce((n, dim) => n * dim.labels.length, 1);
  if (!(data instanceof Float32Array) || data.length !== planes * pixels) throw invalid(`has ${data?.length ?? 0} values where its shape holds ${planes * pixels}`);
  return { ...before, dims, planes: Array.from({ length: planes }, (_, i) => data.slice(i * pixels, (i + 1) * pixels)) };
}
