import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { labelCubeArgument } from "../../cube/parameters";
import { callbackReducer } from "../../cube/pixels";
import { PERIODS, periodGroups, periodRange, type Period } from "../../cube/temporal-periods";
import type { Callback, ProcessImplementation } from "../types";
import { aggregateTimeSteps, checkLazyDimension, checkResultSize, groupReducer, TEMPORAL_CUBE, temporalDimension, timeSteps } from "./aggregate-temporal";

export const aggregateTemporalPeriod: ProcessImplementation = {
  spec: {
    id: "aggregate_temporal_period",
    summary: "Reduce the time steps per calendar period",
    description:
      "Groups the time steps of a temporal dimension by calendar period (UTC) and reduces each group per pixel with `reducer` (such as mean), giving one time step per period. Every period from the one of the earliest time step to the one of the latest is there, also those without time steps: the reducer then sees an empty array, which most reducers answer with no-data. The new labels (YYYY a four-digit year, MM a month, DD a day of the month, HH an hour): `hour` YYYY-MM-DD-HH; `day` YYYY-DDD, the day of the year (001 to 365, 366 in leap years); `week` YYYY-WW, the ISO 8601 week-based year and week (01 to 52, 53 in long years); `dekad` YYYY-NN, the ten-day period of the year (01 to 36: days 1 to 10, 11 to 20 and 21 to the end of each month); `month` YYYY-MM; `season` YYYY-djf, YYYY-mam, YYYY-jja, YYYY-son (a winter takes the year of its December); `tropical-season` YYYY-ndjfma, YYYY-mjjaso (November to April takes the year of its November); `year` YYYY; `decade` the year ending in 0 it starts with; `decade-ad` the year ending in 1 it starts with. The other dimensions are unchanged. The time steps must be instants (labels made by this process are not), and the cube is read first if it was not read yet.",
    categories: ["aggregate", "climatology", "cubes"],
    parameters: [
      { name: "data", description: "The data cube, with a temporal dimension.", schema: TEMPORAL_CUBE },
      {
        name: "period",
        description: "The calendar period to group by: `hour`, `day`, `week` (ISO 8601, from Monday), `dekad` (ten days; the last of a month runs to its end), `month`, `season` (December to February, March to May, June to August, September to November), `tropical-season` (November to April, May to October), `year`, `decade` (from a year ending in 0) or `decade-ad` (from a year ending in 1).",
        schema: { type: "string", enum: [...PERIODS] },
      },
      { name: "reducer", description: "Computes one value from a pixel's values in a period, e.g. mean or max.", schema: groupReducer("period") },
      {
        name: "dimension",
        description: "The temporal dimension to aggregate. null (the default): the cube's only temporal dimension (`TooManyDimensions` if it has several). `DimensionNotAvailable` if there is no such temporal dimension.",
        schema: { type: ["string", "null"] },
        optional: true,
        default: null,
      },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with one time step per period in the aggregated dimension (same name, period labels as described); the other dimensions are unchanged.", schema: TEMPORAL_CUBE },
    exceptions: {
      TooManyDimensions: { message: "The data cube contains multiple temporal dimensions. The parameter `dimension` must be specified." },
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist or no temporal dimension is available." },
    },
  },
  run: async (args, ctx) => {
    const process = "aggregate_temporal_period";
    const { cube: input, done } = labelCubeArgument(args.data, process);
    const dimension = args.dimension as string | null;
    checkLazyDimension(input, dimension);
    const cube = await materialize(input, dataAccess(ctx));
    const { index, dim } = temporalDimension(cube, dimension);
    const times = timeSteps(dim, process);
    const period = args.period as Period;
    // Checked before grouping: a long span of short periods would otherwise be built first.
    checkResultSize(cube, index, periodRange(times, period).count, process, ctx);
    const { labels, members } = periodGroups(times, period);
    return done(await aggregateTimeSteps(cube, index, labels, members, callbackReducer(args.reducer as Callback, args.context), process));
  },
};
