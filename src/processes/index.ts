/**
 * The static process registry: every process the back-end offers, one file per process.
 * The engine looks processes up here; GET /processes lists their specs.
 */
import { absolute } from "./math/absolute";
import { add } from "./math/add";
import { all } from "./logic/all";
import { and } from "./logic/and";
import { any } from "./logic/any";
import { arccos } from "./math/arccos";
import { arcosh } from "./math/arcosh";
import { arcsin } from "./math/arcsin";
import { arctan } from "./math/arctan";
import { arctan2 } from "./math/arctan2";
import { arrayAppend } from "./arrays/array-append";
import { arrayApply } from "./arrays/array-apply";
import { arrayConcat } from "./arrays/array-concat";
import { arrayContains } from "./arrays/array-contains";
import { arrayCreate } from "./arrays/array-create";
import { arrayCreateLabeled } from "./arrays/array-create-labeled";
import { arrayElement } from "./arrays/array-element";
import { arrayFilter } from "./arrays/array-filter";
import { arrayFind } from "./arrays/array-find";
import { arrayFindLabel } from "./arrays/array-find-label";
import { arrayInterpolateLinear } from "./arrays/array-interpolate-linear";
import { arrayLabels } from "./arrays/array-labels";
import { arrayModify } from "./arrays/array-modify";
import { arsinh } from "./math/arsinh";
import { artanh } from "./math/artanh";
import { between } from "./comparison/between";
import { ceil } from "./math/ceil";
import { clip } from "./math/clip";
import { constant } from "./math/constant";
import { cos } from "./math/cos";
import { cosh } from "./math/cosh";
import { count } from "./arrays/count";
import { cummax } from "./math/cummax";
import { cummin } from "./math/cummin";
import { cumproduct } from "./math/cumproduct";
import { cumsum } from "./math/cumsum";
import { fitCurve } from "./math/fit-curve";
import { dateBetween } from "./dates/date-between";
import { dateDifference } from "./dates/date-difference";
import { dateShift } from "./dates/date-shift";
import { divide } from "./math/divide";
import { e } from "./math/e";
import { eq } from "./comparison/eq";
import { exp } from "./math/exp";
import { extrema } from "./statistics/extrema";
import { first } from "./arrays/first";
import { floor } from "./math/floor";
import { gt } from "./comparison/gt";
import { gte } from "./comparison/gte";
import { ifProcess } from "./logic/if";
import { inspect } from "./development/inspect";
import { int } from "./math/int";
import { isInfinite } from "./comparison/is-infinite";
import { isNan } from "./comparison/is-nan";
import { isNodataProcess } from "./comparison/is-nodata";
import { isValid } from "./comparison/is-valid";
import { last } from "./arrays/last";
import { linearScaleRange } from "./math/linear-scale-range";
import { ln } from "./math/ln";
import { log } from "./math/log";
import { lt } from "./comparison/lt";
import { lte } from "./comparison/lte";
import { max } from "./statistics/max";
import { mean } from "./statistics/mean";
import { median } from "./statistics/median";
import { min } from "./statistics/min";
import { mod } from "./math/mod";
import { multiply } from "./math/multiply";
import { nan } from "./math/nan";
import { neq } from "./comparison/neq";
import { normalizedDifference } from "./math/normalized-difference";
import { not } from "./logic/not";
import { or } from "./logic/or";
import { order } from "./arrays/order";
import { pi } from "./math/pi";
import { power } from "./math/power";
import { product } from "./statistics/product";
import { quantiles } from "./statistics/quantiles";
import { rearrange } from "./arrays/rearrange";
import { round } from "./math/round";
import { sd } from "./statistics/sd";
import { sgn } from "./math/sgn";
import { sin } from "./math/sin";
import { sinh } from "./math/sinh";
import { sort } from "./arrays/sort";
import { sqrt } from "./math/sqrt";
import { subtract } from "./math/subtract";
import { sum } from "./statistics/sum";
import { tan } from "./math/tan";
import { tanh } from "./math/tanh";
import { textBegins } from "./texts/text-begins";
import { textConcat } from "./texts/text-concat";
import { textContains } from "./texts/text-contains";
import { textEnds } from "./texts/text-ends";
import { textFind } from "./texts/text-find";
import { variance } from "./statistics/variance";
import { xor } from "./logic/xor";
import { addDimension } from "./cubes/add-dimension";
import { aggregateSpatial } from "./cubes/aggregate-spatial";
import { aggregateSpatialWindow } from "./cubes/aggregate-spatial-window";
import { aggregateTemporal } from "./cubes/aggregate-temporal";
import { aggregateTemporalPeriod } from "./cubes/aggregate-temporal-period";
import { anomaly } from "./cubes/anomaly";
import { apply } from "./cubes/apply";
import { applyKernel } from "./cubes/apply-kernel";
import { applyNeighborhood } from "./cubes/apply-neighborhood";
import { applyPolygon } from "./cubes/apply-polygon";
import { applyDimension } from "./cubes/apply-dimension";
import { climatologicalNormal } from "./cubes/climatological-normal";
import { createDataCube } from "./cubes/create-data-cube";
import { dimensionLabels } from "./cubes/dimension-labels";
import { dropDimension } from "./cubes/drop-dimension";
import { flattenDimensions } from "./cubes/flatten-dimensions";
import { filterBands } from "./cubes/filter-bands";
import { filterBbox } from "./cubes/filter-bbox";
import { filterLabels } from "./cubes/filter-labels";
import { filterSpatialProcess } from "./cubes/filter-spatial";
import { filterTemporal } from "./cubes/filter-temporal";
import { loadCollection } from "./cubes/load-collection";
import { loadStac } from "./cubes/load-stac";
import { loadUploadedFiles } from "./cubes/load-uploaded-files";
import { loadUrl } from "./cubes/load-url";
import { mask } from "./cubes/mask";
import { maskPolygon } from "./cubes/mask-polygon";
import { mergeCubes } from "./cubes/merge-cubes";
import { ndvi } from "./cubes/ndvi";
import { predictCurve } from "./cubes/predict-curve";
import { reduceDimension } from "./cubes/reduce-dimension";
import { reduceSpatial } from "./cubes/reduce-spatial";
import { renameDimension } from "./cubes/rename-dimension";
import { renameLabels } from "./cubes/rename-labels";
import { resampleCubeSpatial } from "./cubes/resample-cube-spatial";
import { resampleCubeTemporal } from "./cubes/resample-cube-temporal";
import { resampleSpatial } from "./cubes/resample-spatial";
import { runUdf } from "./udf/run-udf";
import { saveResult } from "./cubes/save-result";
import { trimCube } from "./cubes/trim-cube";
import { unflattenDimension } from "./cubes/unflatten-dimension";
import { filterVector } from "./vector/filter-vector";
import { loadGeojson } from "./vector/load-geojson";
import { vectorBuffer } from "./vector/vector-buffer";
import { vectorReproject } from "./vector/vector-reproject";
import { vectorToRandomPoints } from "./vector/vector-to-random-points";
import { vectorToRegularPoints } from "./vector/vector-to-regular-points";
import type { ProcessImplementation, ProcessSpec } from "./types";

// Sorted by process id.
const IMPLEMENTATIONS: ProcessImplementation[] = [
  absolute,
  add,
  all,
  and,
  any,
  arccos,
  arcosh,
  arcsin,
  arctan,
  arctan2,
  arrayAppend,
  arrayApply,
  arrayConcat,
  arrayContains,
  arrayCreate,
  arrayCreateLabeled,
  arrayElement,
  arrayFilter,
  arrayFind,
  arrayFindLabel,
  arrayInterpolateLinear,
  arrayLabels,
  arrayModify,
  arsinh,
  artanh,
  between,
  ceil,
  clip,
  constant,
  cos,
  cosh,
  count,
  cummax,
  cummin,
  cumproduct,
  cumsum,
  dateBetween,
  dateDifference,
  dateShift,
  divide,
  e,
  eq,
  exp,
  extrema,
  first,
  fitCurve,
  floor,
  gt,
  gte,
  ifProcess,
  inspect,
  int,
  isInfinite,
  isNan,
  isNodataProcess,
  isValid,
  last,
  linearScaleRange,
  ln,
  log,
  lt,
  lte,
  max,
  mean,
  median,
  min,
  mod,
  multiply,
  nan,
  neq,
  normalizedDifference,
  not,
  or,
  order,
  pi,
  power,
  product,
  quantiles,
  rearrange,
  round,
  sd,
  sgn,
  sin,
  sinh,
  sort,
  sqrt,
  subtract,
  sum,
  tan,
  tanh,
  textBegins,
  textConcat,
  textContains,
  textEnds,
  textFind,
  variance,
  xor,
  // Data cube processes.
  addDimension,
  aggregateSpatial,
  aggregateSpatialWindow,
  aggregateTemporal,
  aggregateTemporalPeriod,
  anomaly,
  apply,
  applyDimension,
  applyKernel,
  applyNeighborhood,
  applyPolygon,
  climatologicalNormal,
  createDataCube,
  dimensionLabels,
  dropDimension,
  filterBands,
  filterBbox,
  filterLabels,
  filterSpatialProcess,
  filterTemporal,
  flattenDimensions,
  loadCollection,
  loadStac,
  loadUrl,
  loadUploadedFiles,
  mask,
  maskPolygon,
  mergeCubes,
  ndvi,
  predictCurve,
  reduceDimension,
  reduceSpatial,
  renameDimension,
  renameLabels,
  resampleCubeSpatial,
  resampleCubeTemporal,
  resampleSpatial,
  runUdf,
  saveResult,
  trimCube,
  unflattenDimension,
  // Vector data cube processes.
  filterVector,
  loadGeojson,
  vectorBuffer,
  vectorReproject,
  vectorToRandomPoints,
  vectorToRegularPoints,
];

function byId(implementations: ProcessImplementation[]): Map<string, ProcessImplementation> {
  const map = new Map<string, ProcessImplementation>();
  for (const implementation of implementations) {
    // A copy-paste slip (two files with one id) must not silently hide a process.
    if (map.has(implementation.spec.id)) throw new Error(`Process '${implementation.spec.id}' is registered twice.`);
    map.set(implementation.spec.id, implementation);
  }
  return map;
}

export const PROCESSES: ReadonlyMap<string, ProcessImplementation> = byId(IMPLEMENTATIONS);

/** All process specs, sorted by id (for GET /processes). */
export function listProcesses(): ProcessSpec[] {
  return [...PROCESSES.values()]
    .map((implementation) => implementation.spec)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
