import { findBand, unresolvedReason } from "../../cube/bands";
import { dataAccess } from "../../cube/context";
import { dimensionOfType, labelValues, lanes, withLanes } from "../../cube/dimensions";
import { selectBands } from "../../cube/filters";
import { materialize } from "../../cube/materialize";
import { labelCubeArgument } from "../../cube/parameters";
import type { BandLabel, LabelDimension } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";

const CUBE_XY_BANDS = { type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }, { type: "bands" }] };
const CUBE_XY = { type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

function band(bands: BandLabel[], name: string, code: "NirBandAmbiguous" | "RedBandAmbiguous"): BandLabel {
  const found = findBand(bands, name);
  if (found === undefined || found === "ambiguous") throw OpenEOError.processException(code, `The band can't be resolved: ${unresolvedReason(bands, name, "the data cube")}.`);
  return found;
}

/** (nir - red) / (nir + red) per time step; no-data in either band gives no-data. */
function ndviPlane(n: Float32Array, r: Float32Array): Float32Array {
  const out = new Float32Array(n.length);
  for (let i = 0; i < n.length; i++) out[i] = (n[i]! - r[i]!) / (n[i]! + r[i]!);
  return out;
}

export const ndvi: ProcessImplementation = {
  spec: {
    id: "ndvi",
    summary: "NDVI from the near-infrared and red bands",
    description:
      "Computes (nir - red) / (nir + red) for every pixel and time step. Bands are found by name, else by alias, else by their common name (eo:bands), so the defaults `nir` and `red` work for most optical collections (B08 and B04 of Sentinel-2). Without `target_band` the bands dimension is replaced by the index; with it, the index is added as a band of that name.",
    categories: ["cubes", "math > indices", "vegetation indices"],
    parameters: [
      { name: "data", description: "A data cube with spatial and bands dimensions.", schema: CUBE_XY_BANDS },
      { name: "nir", description: "The near-infrared band, by name, alias or common name.", schema: { type: "string", subtype: "band-name" }, default: "nir", optional: true },
      { name: "red", description: "The red band, by name, alias or common name.", schema: { type: "string", subtype: "band-name" }, default: "red", optional: true },
      {
        name: "target_band",
        description: "Name of a new band holding the index; null drops the bands dimension instead.",
        schema: [{ type: "string", pattern: "^\\w+$" }, { type: "null" }],
        default: null,
        optional: true,
      },
    ],
    returns: { description: "A data cube of NDVI values: without bands dimension, or with the index as an added band.", schema: CUBE_XY },
    exceptions: {
      NirBandAmbiguous: { message: "The NIR band can't be resolved, please specify the specific NIR band name." },
      RedBandAmbiguous: { message: "The red band can't be resolved, please specify the specific red band name." },
      DimensionAmbiguous: { message: "dimension of type `bands` is not available or is ambiguous.." },
      BandExists: { message: "A band with the specified target name exists." },
    },
  },
  run: async (args, ctx) => {
    const { cube: input, done } = labelCubeArgument(args.data, "ndvi");
    let cube = input;
    const bands = cube.kind === "lazy" ? cube.bands : (dimensionOfType(cube, "bands")?.dim.labels as BandLabel[] | undefined);
    if (!bands) throw OpenEOError.processException("DimensionAmbiguous", "The data cube has no bands dimension.");
    const nir = band(bands, args.nir as string, "NirBandAmbiguous");
    const red = band(bands, args.red as string, "RedBandAmbiguous");
    const target = args.target_band as string | null;
    if (target !== null && bands.some((b) => b.name === target)) throw OpenEOError.processException("BandExists", `The data cube already has a band '${target}'.`);
    // Without a target band only the two bands are needed: read nothing else.
    if (target === null) cube = selectBands(cube, nir === red ? [nir] : [nir, red]);
    const raster = await materialize(cube, dataAccess(ctx));
    const { index, dim } = dimensionOfType(raster, "bands")!;
    const names = labelValues(dim);
    const [n, r] = [names.indexOf(nir.name), names.indexOf(red.name)];
    const computed = lanes(raster, index).map((lane) => (target === null ? [ndviPlane(lane[n]!, lane[r]!)] : [...lane, ndviPlane(lane[n]!, lane[r]!)]));
    if (target === null) return done(withLanes(raster, index, null, computed));
    return done(withLanes(raster, index, { ...dim, labels: [...(dim.labels as BandLabel[]), { name: target }] } as LabelDimension, computed));
  },
};
