/**
 * Official test vectors (openeo-processes 2.0.0-rc.2) that contradict the process definitions
 * they test, with the reason. Each one is still run: one that starts passing is reported, so
 * this list can only shrink.
 */
const OUTSIDE_SCHEMA = "input outside the parameter's schema (minimum/maximum): rejected upfront, as tests/README.md says such input must be";
const OLD_PARAMETER = "uses the parameter name 'process', which the 2.0.0-rc.2 definition calls 'condition'";
const JANUARY_INTERVALS = "its intervals lie in January 2020, but its input assets/xyt-more-timestamps.json5 holds time steps 2020-06-01 to 2020-06-09, so by the definition every interval is empty (no-data); the expected values are those of time steps dated 2020-01-01, -03, -05, -07, -09 (and rounded to 2 decimals without a delta)";
const RENAMED_DIMENSION = "expects the aggregated dimension t2 renamed to t; the definition keeps the dimension's name (as #7 expects for t2)";

export const KNOWN_BAD_VECTORS: Record<string, string> = {
  "arccos#5": OUTSIDE_SCHEMA,
  "arccos#6": OUTSIDE_SCHEMA,
  "arcsin#5": OUTSIDE_SCHEMA,
  "arcsin#6": OUTSIDE_SCHEMA,
  "artanh#3": OUTSIDE_SCHEMA,
  "artanh#4": OUTSIDE_SCHEMA,
  "artanh#5": OUTSIDE_SCHEMA,
  "artanh#6": OUTSIDE_SCHEMA,
  "ln#5": OUTSIDE_SCHEMA,
  "log#0": OUTSIDE_SCHEMA,
  "array_element#7": OUTSIDE_SCHEMA,
  "apply#2": "expects 1650 (165 x 10) for blue at y=5757495, x=404865, where its input assets/xyb-minimal-int.json5 holds the no-data value 255 (multiply of no-data is no-data, as its other 255 cells expect)",
  "array_append#0": "appending 0 to [] expects [1]; the definition gives [0]",
  "array_apply#8": "its callback calls the misspelled process 'mulitply'",
  "array_element#3": "looks up label 'BO2' (letter O) in labels ['B02'] yet expects a value",
  "array_find#6": "expects index 1 for a value found at index 0",
  "array_modify#3": "omits length, whose default 0 removes nothing, and inserts no values, yet expects the element at index 2 removed (as with length 1); the definition's own example 'Remove a single value' has the same slip",
  "aggregate_temporal#5": JANUARY_INTERVALS,
  "aggregate_temporal#6": JANUARY_INTERVALS,
  "aggregate_temporal#7": JANUARY_INTERVALS,
  "aggregate_temporal#8": JANUARY_INTERVALS,
  "aggregate_temporal#9": "passes 'labels' inside the reducer object instead of as an argument (without labels the open-start interval [null, 2020-01-04] has no label), and expects the first two time steps of assets/xyt-more-timestamps.json5 (2020-06-01, 2020-06-03) before 2020-01-04",
  "aggregate_temporal#10": "its reducer is mean, yet the expected values are the medians of the five time steps (it lists median as required)",
  "aggregate_temporal_period#3": "the time steps are at hours 00, 00, 01, 01 and 04 of 2020-06-01, so the definition gives the five labels 2020-06-01-00 to 2020-06-01-04 (02 and 03 empty); it expects the day labels and grouping of #4 (2020-06-01-00 to 2020-06-04-00)",
  "aggregate_temporal_period#4": "expects the labels 2020-06-01-00 to 2020-06-04-00 (the hour format) for period day, whose labels the definition gives as YYYY-DDD: 2020-153 to 2020-156",
  "aggregate_temporal_period#8": RENAMED_DIMENSION,
  "aggregate_temporal_period#9": RENAMED_DIMENSION,
  "array_filter#0": OLD_PARAMETER,
  "array_filter#1": OLD_PARAMETER,
  "array_filter#2": OLD_PARAMETER,
  "array_filter#3": OLD_PARAMETER,
  "array_filter#4": OLD_PARAMETER,
  "array_filter#5": OLD_PARAMETER,
  "array_filter#6": OLD_PARAMETER,
  "filter_bands#4": "asks for bands ['red', 'blue'] yet expects ['blue', 'green'] with their values; the definition keeps the named bands in the given order (#3, with the same arguments, expects ['red', 'blue'])",
  "count#4": "passes a process graph without the {process_graph} wrapper a callback needs",
  "count#5": "passes a process graph without the {process_graph} wrapper a callback needs",
  "lte#15": "expects lte(+Inf, +Inf) to be false, contradicting eq and gte of the same suite (IEEE 754: true)",
  "reduce_dimension#1": "its reducer reads the results of its nodes 'red' and 'blue' with from_argument (a parameter reference; today from_parameter) instead of from_node",
  "product#10": "expects NaN for [1, -Inf, 3, +Inf]; the IEEE 754 product is -Inf",
  "rename_labels#5": "leaves out the required 'target' and passes the new labels as 'source'",
  "rename_labels#7": "leaves out the required 'target' and passes the new labels as 'source'",
  "mask#0": "keeps the pixels where assets/xyb-mask.json5 is 1 (all of y=5757495) and replaces those where it is 0; the definition replaces the pixels whose mask is non-zero",
  "mask#1": "its data $ref assets/xyb-minimal-float.json5 is not in the test suite (and, like #0, its expected cube keeps the pixels where the mask is 1)",
  "mask#2": "keeps the pixels where assets/xyb-mask.json5 is 1 (all of y=5757495) and replaces those where it is 0, contradicting the definition (replace where non-zero); at y=5757475, x=404855 (mask 1) it expects the replacement -1 all the same",
  "mask_polygon#0": "the polygon (16.1-16.6 E, 48.1-48.6 N) lies hundreds of kilometres from the data (EPSG:25832 near 7.6 E, 52 N), so with inside: true no pixel is replaced by the definition, yet it expects every pixel replaced (the expected cubes of #0 and #1 are swapped)",
  "mask_polygon#1": "the polygon lies far from the data, so with inside: false every pixel is outside it and replaced by the definition, yet it expects the data unchanged (the expected cubes of #0 and #1 are swapped)",
  "mask_polygon#6": "its expected assets/xytb-s2-small-masked-inside.json5 leaves y=5757475, x=404865 to 404895 unmasked for nir at 2020-06-13 only and masks them in every other band and time step; a polygon masks the same pixels in all of them (assets/xytb-s2-small-masked-outside.json5 has them inside the polygon too)",
  "apply_dimension#1": "expects quantiles 192, 204, 211.2 at y=5757495, x=404865, where the bands hold 192, 216 and the no-data value 255: quantiles ignores no-data by default, and type 7 of [192, 216] gives 204, 210, 213.6 (the expected values count the no-data cell as a third, lowest value)",
  "apply_dimension#2": "applies along 'bands', which its input assets/xyt-more-timestamps.json5 lacks (t, y and x only): the definition requires DimensionNotAvailable, yet it expects the min, mean and max along t",
  "rename_dimension#3": "renaming x to lon expects lon to be the y axis with y's coordinates and x to remain, with no y; the definition keeps every property of the renamed dimension and drops the old name",
  "rename_dimension#4": "renaming y to lat expects lat to be the x axis with x's coordinates and y to remain, with no x; the definition keeps every property of the renamed dimension and drops the old name",
};
