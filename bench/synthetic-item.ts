// The synthetic scene as a STAC Item beside its COGs, so that npm run ingest takes it like the real
// data (bench:tiles, bench:udf).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformBBox } from "../src/raster/crs";
import { SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";

/** A STAC Item for the synthetic scene, so that it can be ingested like the real data. */
export function writeSyntheticItem(): void {
  const header = readLocalHeader(join(SYNTHETIC_DIR, "s2_red.tif"));
  const [w, s, e, n] = transformBBox(header.grid.bbox, header.grid.crs, "EPSG:4326");
  const asset = (file: string, name: string, common: string) => ({
    href: file,
    type: "image/tiff; application=geotiff; profile=cloud-optimized",
    roles: ["data"],
    "eo:bands": [{ name, common_name: common }],
    "raster:bands": [{ nodata: 0, data_type: "uint16", scale: 0.0001, offset: 0 }],
  });
  const item = {
    type: "Feature",
    stac_version: "1.0.0",
    id: "synthetic",
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: "2020-02-19T11:00:00Z" },
    assets: { B04: asset("s2_red.tif", "B04", "red"), B08: asset("s2_nir.tif", "B08", "nir") },
    links: [],
  };
  writeFileSync(join(SYNTHETIC_DIR, "item.json"), JSON.stringify(item));
}

