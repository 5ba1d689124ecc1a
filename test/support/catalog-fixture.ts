import type { CogFacts } from "../../src/catalog/ingest/cog-facts";
import { prepareItem } from "../../src/catalog/ingest/prepare-item";
import { storeCollection, type IngestBucket } from "../../src/catalog/ingest/store-collection";
import type { StacItem } from "../../src/catalog/stac-types";
import { transformBBox } from "../../src/raster/crs";

export interface FixtureScene {
  id: string;
  datetime: string;
  /** UTM 33N origin (top-left) of a 100 x 100 px scene at 10 m. */
  origin: [number, number];
  cloud: number;
  platform: string;
}

export const SCENE_SIZE = 100;
export const SCENE_RES = 10;

function facts(origin: [number, number]): CogFacts {
  return {
    epsg: 32633,
    width: SCENE_SIZE,
    height: SCENE_SIZE,
    transform: [SCENE_RES, 0, origin[0], 0, -SCENE_RES, origin[1]],
    dataType: "uint16",
    nodata: 0,
    tiled: true,
    compression: "DEFLATE",
    compressionSupported: true,
    overviewCount: 0,
    headerBytes: 600,
  };
}

/** The WGS84 box of a scene's pixels. */
export function sceneBBox(scene: FixtureScene): [number, number, number, number] {
  const [x, y] = scene.origin;
  return transformBBox([x, y - SCENE_SIZE * SCENE_RES, x + SCENE_SIZE * SCENE_RES, y], "EPSG:32633", "EPSG:4326");
}

/** A source item as a STAC API would describe it, before ingestion. */
export function sourceItem(scene: FixtureScene): StacItem {
  const [w, s, e, n] = sceneBBox(scene);
  const band = (name: string, common: string, center: number) => ({
    href: `https://example.test/${scene.id}/${name}.tif`,
    type: "image/tiff; application=geotiff; profile=cloud-optimized",
    roles: ["data"],
    "eo:bands": [{ name, common_name: common, center_wavelength: center }],
    "raster:bands": [{ nodata: 0, data_type: "uint16", scale: 0.0001, offset: -0.1 }],
    gsd: SCENE_RES,
    "proj:shape": [10980, 10980] as [number, number],
    "proj:transform": [10, 0, 0, 0, -10, 0],
  });
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id: scene.id,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: scene.datetime, "eo:cloud_cover": scene.cloud, platform: scene.platform, constellation: "sentinel-2" },
    assets: {
      B04: band("B04", "red", 0.665),
      B08: band("B08", "nir", 0.842),
      thumbnail: { href: `https://example.test/${scene.id}/thumb.jpg`, type: "image/jpeg", roles: ["thumbnail"] },
    },
    links: [{ rel: "license", href: "https://example.test/license" }, { rel: "self", href: "https://example.test/item" }],
  };
}

/** Ingests scenes into a collection of the bucket as `npm run ingest` would, minus the file copies. */
export async function ingestFixture(bucket: IngestBucket, collectionId: string, scenes: FixtureScene[]) {
  const items = scenes.map((scene) => {
    const copied = new Map(
      ["B04", "B08"].map((key) => [key, { file: `${key}.tif`, facts: facts(scene.origin), size: 1000, sha256: "ab".repeat(32) }]),
    );
    return prepareItem(sourceItem(scene), collectionId, copied, { offset: 0 });
  });
  return storeCollection(
    bucket,
    { id: collectionId, title: "Fixture scenes", description: "Scenes made by the tests.", license: "CC-BY-4.0", links: [] },
    items,
  );
}
