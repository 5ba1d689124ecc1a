/** The data cube: model, lazy narrowing, materialization and per-pixel evaluation. */
export { collectionBands, findBand } from "./bands";
export { dataAccess, type DataAccess, type DataContext, type ItemQuery } from "./context";
export { findDimension, labelValues, lanes, withLanes, type DimensionRef, type Label } from "./dimensions";
export { filterSpatial, filterTime, selectBands } from "./filters";
export { geometriesArgument, parseGeoJson, GEOJSON_CRS, type Feature, type Geometries, type Geometry } from "./geojson";
export { materialize } from "./materialize";
export { DEFAULT_MAX_CUBE_BYTES, estimateBytes, planBytes, planRead, type DateGroup, type ReadPlan } from "./plan";
export { applyPixels, callbackApplier, callbackReducer, reduceLane, reducePixels, type Applier, type Reducer } from "./pixels";
export { coverage, visitGeometryPixels } from "./rasterize";
export { dimensionsOf, isDataCube, type BandLabel, type DataCube, type Dimension, type LabelDimension, type LazyCube, type RasterCube, type SpatialExtent, type TemporalExtent } from "./types";
export { GEOMETRY_DIMENSION, isVectorCube, type VectorCube } from "./vector";
