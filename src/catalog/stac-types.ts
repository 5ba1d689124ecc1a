import type { BBox } from "../raster/grid";

export interface StacLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  method?: string;
  body?: unknown;
  merge?: boolean;
}

export interface EoBand {
  name: string;
  common_name?: string;
  description?: string;
  center_wavelength?: number;
  full_width_half_max?: number;
  /** Other names the band answers to (ours: the source's asset key); not part of the eo extension. */
  aliases?: string[];
}

export interface RasterBand {
  nodata?: number | "nan" | "inf" | "-inf";
  data_type?: string;
  scale?: number;
  offset?: number;
  spatial_resolution?: number;
  bits_per_sample?: number;
  statistics?: { minimum?: number; maximum?: number; mean?: number; stddev?: number; valid_percent?: number };
}

export interface StacAsset {
  href: string;
  type?: string;
  title?: string;
  roles?: string[];
  "eo:bands"?: EoBand[];
  "raster:bands"?: RasterBand[];
  gsd?: number;
  "proj:epsg"?: number | null;
  "proj:shape"?: [number, number];
  "proj:transform"?: number[];
  [key: string]: unknown;
}

export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

export interface StacItem {
  type: "Feature";
  stac_version: string;
  stac_extensions?: string[];
  id: string;
  collection?: string;
  bbox: BBox | number[];
  geometry: Geometry | null;
  properties: Record<string, unknown> & { datetime: string | null };
  assets: Record<string, StacAsset>;
  links: StacLink[];
}

export interface StacProvider {
  name: string;
  roles?: string[];
  url?: string;
  description?: string;
}

export interface StacCollection {
  type: "Collection";
  stac_version: string;
  stac_extensions: string[];
  id: string;
  title?: string;
  description: string;
  keywords?: string[];
  license: string;
  providers?: StacProvider[];
  extent: { spatial: { bbox: number[][] }; temporal: { interval: (string | null)[][] } };
  links: StacLink[];
  summaries?: Record<string, unknown>;
  "cube:dimensions"?: Record<string, unknown>;
  item_assets?: Record<string, Partial<StacAsset>>;
  [key: string]: unknown;
}

/** The STAC version of the documents this back-end writes. */
export const STAC_VERSION = "1.0.0";

export const STAC_EXTENSIONS = {
  eo: "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
  raster: "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
  projection: "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
  datacube: "https://stac-extensions.github.io/datacube/v2.2.0/schema.json",
  processing: "https://stac-extensions.github.io/processing/v1.2.0/schema.json",
} as const;
