import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCog } from "../../src/raster/cog-writer";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { Tag } from "../../src/raster/tiff-tags";
import { expectError, loginAs, ORIGIN, request } from "../support/http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { band, utmGrid } from "../support/raster-fixtures";
import { SCENES, sceneItem } from "../support/stac-scenes";
import { buildTiff, geoTags, imageTags } from "../support/tiff-builder";

/**
 * A user's uploaded GeoTIFFs that aren't readable, each read by load_stac of an uploaded Item
 * through POST /result: the file's problem, so 400 FileContentInvalid naming the file (never the
 * host's 502 or our 500).
 */

// The scenes' grid: 32 x 32 px of 10 m from (500000, 5000000) in UTM 33N.
const GRID = utmGrid(32, 32);
const EXTENT = { west: 500080, south: 4999880, east: 500240, north: 4999960, crs: 32633 };

function validCog(): Uint8Array {
  return writeCog([band(GRID, "uint16", (x, y) => 1000 + x + 10 * y)], { tileSize: 16, compression: "deflate", predictor: 2 });
}

async function tileRange(tiff: Uint8Array, index: number): Promise<{ offset: number; end: number }> {
  headerCache.clear();
  const level = (await openCog(new MemoryByteSource(tiff))).header.levels[0]!;
  return { offset: level.tileOffsets[index]!, end: level.tileOffsets[index]! + level.tileByteCounts[index]! };
}

/** A single-tile image built by hand, with the given codec and raw tile bytes. */
function handBuilt(tile: Uint8Array, shape: { compression: number; samples?: number; epsg?: number }): Uint8Array {
  const tags = imageTags({ width: 32, height: 32, bits: 16, format: 1, compression: shape.compression, samples: shape.samples ?? 1, tileSize: 32 });
  return buildTiff([{ entries: [...tags, ...geoTags({ originX: 500000, originY: 5000000, pixel: 10, epsg: shape.epsg ?? 32633 })], tiles: [tile] }]);
}

/** Sets the inline LONG value of `tag` in the first IFD of a classic little-endian TIFF. */
function patchLong(tiff: Uint8Array, tag: number, value: number): Uint8Array {
  const out = tiff.slice();
  const view = new DataView(out.buffer);
  const ifd = view.getUint32(4, true);
  for (let i = 0; i < view.getUint16(ifd, true); i++) {
    if (view.getUint16(ifd + 2 + 12 * i, true) === tag) view.setUint32(ifd + 2 + 12 * i + 8, value, true);
  }
  return out;
}

const CASES: Record<string, { file: () => Promise<Uint8Array>; says: string }> = {
  "not-a-tiff": { file: async () => new TextEncoder().encode("<html>not a GeoTIFF</html>"), says: "not a TIFF file" },
  truncated: {
    // Cut inside the second tile, which the extent needs.
    file: async () => {
      const tiff = validCog();
      return tiff.slice(0, (await tileRange(tiff, 1)).offset + 3);
    },
    says: "truncated",
  },
  "corrupt-deflate": {
    file: async () => {
      const tiff = validCog();
      const { offset, end } = await tileRange(tiff, 0);
      for (let i = offset + 2; i < end; i++) tiff[i] = tiff[i]! ^ 0x5a;
      return tiff;
    },
    says: "tile 0 of image 0: corrupt DEFLATE data",
  },
  // A first code of 300 (0b100101100) after no Clear: no string exists for it yet.
  "corrupt-lzw": { file: async () => handBuilt(new Uint8Array([0x96, 0x00, 0x00, 0x00]), { compression: 5 }), says: "corrupt LZW data" },
  "unknown-crs": { file: async () => handBuilt(deflateSync(new Uint8Array(2048)), { compression: 8, epsg: 31468 }), says: "EPSG:31468 is not supported" },
  "samples-8192": { file: async () => handBuilt(deflateSync(new Uint8Array(16)), { compression: 8, samples: 8192 }), says: "8192 samples per pixel" },
  "tile-of-1-gb": {
    file: async () => patchLong(handBuilt(deflateSync(new Uint8Array(2048)), { compression: 8 }), Tag.TileByteCounts, 2 ** 30),
    says: "declares 1073741824 stored bytes",
  },
};

let auth: string;

beforeAll(async () => {
  auth = await loginAs("alice");
  const put = async (path: string, bytes: Uint8Array) => {
    const res = await request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: auth, "Content-Length": String(bytes.length) }, body: bytes });
    expect(res.status, path).toBe(200);
  };
  for (const [name, { file }] of Object.entries(CASES)) {
    const tiff = await file();
    await put(`broken/${name}/B04.tif`, tiff);
    // A readable neighbour: the error must name the broken file, whichever is opened first.
    await put(`broken/${name}/B08.tif`, validCog());
    await put(`broken/${name}/item.json`, new TextEncoder().encode(JSON.stringify(sceneItem(SCENES[0]!, (key) => `./${key}.tif`, true))));
  }
  headerCache.clear();
  // 21 uploads on a busy machine take longer than vitest's 10 s for hooks; this bounds a wait, not speed.
}, 60_000);

async function result(name: string): Promise<Response> {
  const load = { process_id: "load_stac", arguments: { url: `${ORIGIN}/v1/files/broken/${name}/item.json`, spatial_extent: EXTENT, bands: ["B04"] } };
  const save = { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true };
  const body = JSON.stringify({ process: { process_graph: { load, save } } });
  return request("/v1/result", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body });
}

describe("a user's unreadable GeoTIFF answers 400 FileContentInvalid naming the file", () => {
  for (const [name, { says }] of Object.entries(CASES)) {
    it(name, async () => {
      const error = await expectError(await result(name), 400, "FileContentInvalid");
      expect(error.message).toContain(`${ORIGIN}/v1/files/broken/${name}/B04.tif`);
      expect(error.message).toContain(says);
    });
  }
});
