import { filterTime } from "../../cube/filters";
import { labelCubeArgument, temporalExtent } from "../../cube/parameters";
import type { RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { TEMPORAL_INTERVAL } from "./schemas";

const TEMPORAL_CUBE = { type: "object", subtype: "datacube", dimensions: [{ type: "temporal" }] };

export const filterTemporal: ProcessImplementation = {
  spec: {
    id: "filter_temporal",
    summary: "Limit a cube to a time interval",
    description:
      "Keeps the time steps of a data cube within [start, end): the end is excluded, and either end may be open (null). On a cube not read yet this only narrows which items will be read.",
    categories: ["cubes", "filter"],
    parameters: [
      { name: "data", description: "The data cube.", schema: TEMPORAL_CUBE },
      { name: "extent", description: "The interval to keep, [start, end).", schema: TEMPORAL_INTERVAL },
      {
        name: "dimension",
        description: "The temporal dimension to filter; null filters all of them (our cubes have one, `t`).",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
    ],
    returns: { description: "The data cube with fewer (or the same) time steps.", schema: TEMPORAL_CUBE },
    exceptions: {
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
      TemporalExtentEmpty: { message: "The temporal extent is empty. The second instant in time must always be greater/later than the first instant in time." },
    },
  },
  run: (args) => {
    const { cube, done } = labelCubeArgument(args.data, "filter_temporal");
    const dimension = args.dimension as string | null;
    const extent = temporalExtent(args.extent, "filter_temporal")!;
    if (cube.kind === "lazy") {
      if (dimension !== null && dimension !== "t") throw OpenEOError.processException("DimensionNotAvailable", `The data cube has no temporal dimension '${dimension}'.`);
      return filterTime(cube, extent);
    }
    const temporal = cube.dims.filter((d) => d.type === "temporal");
    if (dimension === null && temporal.length > 1) {
      throw OpenEOError.processException("DimensionNotAvailable", `The data cube has several temporal dimensions (${temporal.map((d) => d.name).join(", ")}); name one in 'dimension'.`);
    }
    const target = dimension === null ? temporal[0] : temporal.find((d) => d.name === dimension);
    if (!target) throw OpenEOError.processException("DimensionNotAvailable", `The data cube has no temporal dimension '${dimension ?? "t"}'.`);
    return done(filterTime(cube, extent, target.name) as RasterCube);
  },
};
