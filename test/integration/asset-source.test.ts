import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { assetByteSource } from "../../src/catalog/asset-source";
import { OpenEOError } from "../../src/errors";
import { writeCog } from "../../src/raster/cog-writer";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { band, utmGrid } from "../support/raster-fixtures";
import { loginAs, ORIGIN, request } from "../support/http";

const API = `${ORIGIN}/v1`;
const value = (x: number, y: number) => 1000 + x + 100 * y;
const cog = writeCog([band(utmGrid(64, 64), "uint16", value)], { tileSize: 32, compression: "deflate", predictor: 2 });

describe("asset byte sources", () => {
  it("reads a COG a user uploaded to their files through the same reader", async () => {
    const auth = await loginAs("alice");
    const put = await request("/v1/files/scenes/fixture.tif", {
      method: "PUT",
      headers: { Authorization: auth, "Content-Length": String(cog.length) },
      body: cog,
    });
    expect(put.status).toBe(200);
    const source = await assetByteSource({ href: `${API}/files/scenes/fixture.tif` }, { data: env.DATA, files: env.FILES, apiBase: API, userId: "basic.alice" });
    const pixels = await readWindow(await openCog(source), 0, 0, { x: 30, y: 10, width: 4, height: 2 });
    expect(Array.from(pixels)).toEqual([30, 31, 32, 33].map((x) => value(x, 10)).concat([30, 31, 32, 33].map((x) => value(x, 11))));
  });

  it("keeps users apart: another user's path is not found", async () => {
    const read = assetByteSource({ href: `${API}/files/scenes/fixture.tif` }, { data: env.DATA, files: env.FILES, apiBase: API, userId: "basic.bob" });
    await expect(read).rejects.toMatchObject({ code: "FileNotFound" });
  });

  it("reads ingested objects from the DATA bucket, keyed by their checksum", async () => {
    await env.DATA.put("collections/c/items/i/B04.tif", cog);
    const source = await assetByteSource({ href: "collections/c/items/i/B04.tif", "file:checksum": "1220abcd" }, { data: env.DATA, files: env.FILES, apiBase: API });
    expect(source.key).toContain("1220abcd");
    const pixels = await readWindow(await openCog(source), 0, 0, { x: 0, y: 63, width: 2, height: 1 });
    expect(Array.from(pixels)).toEqual([value(0, 63), value(1, 63)]);
  });

  it("refuses hrefs it can't read", async () => {
    await expect(assetByteSource({ href: "s3://bucket/x.tif" }, { data: env.DATA, files: env.FILES, apiBase: API })).rejects.toBeInstanceOf(OpenEOError);
  });
});
