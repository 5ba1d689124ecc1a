/**
 * Two scenes as STAC Items, shared by the fake STAC hosts (served from Node through miniflare's
 * outbound fetch, so this file imports nothing) and the load_stac tests (which write the scenes'
 * GeoTIFFs with our COG writer and know their values): band B04 of day d holds red(d)(x, y),
 * band B08 nir(d)(x, y), as uint16 on a 32 x 32 px grid of 10 m in UTM 33N, top-left at
 * (500000, 5000000).
 */
export const STATIC_STAC = "https://static-stac.example.test";

/** A WGS84 box just around the scenes' grid (about 15.0 E, 45.15 N). */
export const SCENE_BBOX_WGS84 = [14.99999, 45.1505, 15.00408, 45.1535];

export const red = (d: number) => (x: number, y: number) => 1000 + x + 10 * y + 100 * d;
export const nir = (d: number) => (x: number, y: number) => 3000 + 3 * x - y + 200 * d;

export interface Scene {
  id: string;
  day: number;
  datetime: string;
  cloud: number;
}

export const SCENES: Scene[] = [
  { id: "S1", day: 1, datetime: "2024-05-01T10:00:00Z", cloud: 5 },
  { id: "S2", day: 2, datetime: "2024-05-11T10:00:00Z", cloud: 80 },
];

export const BANDS = [
  { key: "B04", common: "red", wavelength: 0.665, value: red },
  { key: "B08", common: "nir", wavelength: 0.842, value: nir },
];

/**
 * The STAC Item of a scene with the asset hrefs `href(key)`. With `bare`, as a user might write it
 * by hand: no projection metadata and no media types (the reader must find both itself).
 */
export function sceneItem(scene: Scene, href: (key: string) => string, bare = false): Record<string, unknown> {
  const [w, s, e, n] = SCENE_BBOX_WGS84;
  const asset = (b: (typeof BANDS)[number]) => ({
    href: href(b.key),
    ...(bare ? {} : { type: "image/tiff; application=geotiff; profile=cloud-optimized", "proj:epsg": 32633, "proj:shape": [32, 32], "proj:transform": [10, 0, 500000, 0, -10, 5000000] }),
    roles: ["data"],
    "eo:bands": [{ name: b.key, common_name: b.common, center_wavelength: b.wavelength }],
    // load_stac must not apply these (the definition leaves scaling to the user).
    "raster:bands": [{ nodata: 0, data_type: "uint16", scale: 0.0001, offset: -0.1 }],
  });
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id: scene.id,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: scene.datetime, "eo:cloud_cover": scene.cloud },
    assets: { ...Object.fromEntries(BANDS.map((b) => [b.key, asset(b)])), thumbnail: { href: href("thumb.png"), type: "image/png", roles: ["thumbnail"] } },
    links: [],
  };
}
