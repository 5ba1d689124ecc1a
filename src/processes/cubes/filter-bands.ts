import { matchBands } from "../../cube/bands";
import { dimensionOfType } from "../../cube/dimensions";
import { selectBands } from "../../cube/filters";
import { labelCubeArgument } from "../../cube/parameters";
import type { BandLabel } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";

const BANDS_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "bands" }] };

/**
 * Bands named first (in the given order; a name matches the band of that name, else the band with
 * that alias, else every band with that common name, in cube order; a name matching nothing
 * selects nothing), then those within the wavelength ranges (in cube order).
 */
function chosen(available: BandLabel[], names: string[], ranges: number[][]): BandLabel[] {
  const bands: BandLabel[] = [];
  for (const name of names) {
    for (const band of matchBands(available, name)) if (!bands.includes(band)) bands.push(band);
  }
  for (const band of available) {
    const w = band.wavelength;
    if (w !== undefined && !bands.includes(band) && ranges.some(([min, max]) => w >= min! && w <= max!)) bands.push(band);
  }
  return bands;
}

export const filterBands: ProcessImplementation = {
  spec: {
    id: "filter_bands",
    summary: "Keep some bands of a cube",
    description:
      "Keeps the bands of a data cube given by name, alias (such as a source's asset key) or common name (all bands that have it), in that order, followed by those whose centre wavelength lies in one of the given ranges; names that match no band select nothing. On a cube not read yet only these bands will be read.",
    categories: ["cubes", "filter"],
    parameters: [
      { name: "data", description: "The data cube.", schema: BANDS_CUBE },
      { name: "bands", description: "Band names, aliases or common names to keep; a common name keeps every band that has it.", schema: { type: "array", items: { type: "string", subtype: "band-name" } }, default: [], optional: true },
      {
        name: "wavelengths",
        description: "Ranges [min, max] of centre wavelengths in micrometres; bands within any of them are kept.",
        schema: { type: "array", items: { type: "array", minItems: 2, maxItems: 2, items: { type: "number" }, examples: [[[0.45, 0.5], [0.6, 0.7]]] } },
        default: [],
        optional: true,
      },
    ],
    returns: { description: "The data cube with fewer (or the same) bands.", schema: BANDS_CUBE },
    exceptions: {
      BandFilterParameterMissing: { message: "The process `filter_bands` requires any of the parameters `bands`, `common_names` or `wavelengths` to be set." },
      DimensionMissing: { message: "A band dimension is missing." },
    },
  },
  run: (args) => {
    const { cube, done } = labelCubeArgument(args.data, "filter_bands");
    const names = args.bands as string[];
    const ranges = args.wavelengths as number[][];
    if (names.length === 0 && ranges.length === 0) {
      throw OpenEOError.processException("BandFilterParameterMissing", "filter_bands needs `bands` or `wavelengths`.");
    }
    const bands = cube.kind === "lazy" ? cube.bands : (dimensionOfType(cube, "bands")?.dim.labels as BandLabel[] | undefined);
    if (!bands) throw OpenEOError.processException("DimensionMissing", "The data cube has no bands dimension.");
    const selected = selectBands(cube, chosen(bands, names, ranges));
    return selected.kind === "raster" ? done(selected) : selected;
  },
};
