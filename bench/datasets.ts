import { existsSync } from "node:fs";
import { join } from "node:path";

/** One COG of a dataset: where it is on disk, under the range server, and in the local bucket. */
export interface BenchFile {
  band: string;
  path: string;
  /** "<mount>/<relative path>", the same string for the server path and the R2 key. */
  key: string;
}

export interface Dataset {
  id: string;
  note: string;
  /** One file per band; two bands (red, nir) also get an NDVI. */
  files: BenchFile[];
  /** Web Mercator zooms to read 256x256 tiles at (zooms with no tile inside the scene are skipped). */
  zooms: number[];
  /** Side of the native full-resolution window (clipped to the scene). */
  window: number;
}

export const BENCH_DIR = import.meta.dirname;
export const SYNTHETIC_DIR = join(BENCH_DIR, ".data", "synthetic");
export const SHARED_DATA = process.env.BENCH_SHARED_DATA ?? join(BENCH_DIR, "..", "..", "shared", "data");

/** The range server's folders by first path segment. */
export const MOUNTS = { synthetic: SYNTHETIC_DIR, shared: SHARED_DATA };

const S2_DATE = "s2-33TWL-2023-08/S2A_33TWL_20230815_0_L2A";

export function datasets(): { list: Dataset[]; skipped: string[] } {
  const list: Dataset[] = [
    {
      id: "synthetic",
      note: "10980x10980 uint16, writeCog DEFLATE+pred2, 512 tiles, ovr 2-32, EPSG:32632",
      files: ["red", "nir"].map((band) => ({ band, path: join(SYNTHETIC_DIR, `s2_${band}.tif`), key: `synthetic/s2_${band}.tif` })),
      zooms: [9, 11, 12, 13, 14, 15],
      window: 1024,
    },
    {
      id: "s2-33TWL",
      note: "real S2 B04+B08, 256x256 @120 m, 128 tiles, 1 ovr, EPSG:32633 (2023-08-15)",
      files: [["red", "B04"], ["nir", "B08"]].map(([band, name]) => ({ band: band!, path: join(SHARED_DATA, S2_DATE, `${name}.tif`), key: `shared/${S2_DATE}/${name}.tif` })),
      zooms: [10, 11, 12, 13],
      window: 1024,
    },
    {
      id: "greenland",
      note: "real 1-band COG, 2658x2667 @100 m, 256 tiles, 4 ovr, EPSG:32621",
      files: [{ band: "b1", path: join(SHARED_DATA, "cog-greenland", "cog.tif"), key: "shared/cog-greenland/cog.tif" }],
      zooms: [7, 8, 9, 10, 11],
      window: 1024,
    },
  ];
  const skipped = list.filter((d) => d.id !== "synthetic" && !d.files.every((f) => existsSync(f.path))).map((d) => `${d.id}: files not found under ${SHARED_DATA}`);
  return { list: list.filter((d) => d.id === "synthetic" || d.files.every((f) => existsSync(f.path))), skipped };
}
