/**
 * Sentinel Hub's Process API (POST /api/v1/process) over an ingested collection (byoc-<id>) whose
 * digital numbers are known here: responses read back and compared with values recomputed from
 * those numbers; Accept, several responses as a tar, time ranges, mosaicking order and cloud
 * filters; bad requests in Sentinel Hub's error shape.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { jpegDecode } from "../../src/raster/jpeg";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { basicHeader, loginAs, request } from "../support/http";
import { TEST_USERS } from "../support/settings";
import { MemoryByteSource } from "../support/memory-byte-source";
import { readPng, rgbaOf } from "../support/png-reader";
import { utmGrid } from "../support/raster-fixtures";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B03", "green", 0.56), band("B04", "red", 0.665), band("B08", "nir", 0.842)];
const SIDE = 16;
/** DN at day d (1..3); pixel (2, 3) has no data on day 3. Day 2 is cloudy (80 %). */
const dn = (key: string, d: number, x: number, y: number) => (d === 3 && x === 2 && y === 3 ? 0 : { B03: 600, B04: 900, B08: 2600 }[key]! + 11 * x + 5 * y + 100 * d * (key === "B08" ? 3 : 1));
const SCENES = [1, 2, 3].map((d) => ({ id: `H${d}`, datetime: `2024-07-0${d}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: d === 2 ? 80 : 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, d, x, y)])) }));

const NDVI = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08'], output: [{ id: 'ndvi', bands: 1, sampleType: 'FLOAT32' }, { id: 'rgb', bands: 3, sampleType: 'AUTO' }] };",
  "}",
  "function evaluatePixel(s) {",
  "  return { ndvi: [(s.B08 - s.B04) / (s.B08 + s.B04)], rgb: [2.5 * s.B04, 2.5 * s.B04, 2.5 * s.B08] };",
  "}",
].join("\n");

function body(overrides: { responses?: unknown[]; timeRange?: unknown; dataFilter?: Record<string, unknown>; bbox?: unknown; output?: Record<string, unknown>; evalscript?: string } = {}) {
  return {
    input: {
      bounds: { bbox: overrides.bbox ?? [500000, 4999840, 500160, 5000000], properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" } },
      data: [{ type: "byoc-sh-scenes", dataFilter: { timeRange: overrides.timeRange ?? { from: "2024-07-01T00:00:00Z", to: "2024-07-03T23:59:59Z" }, ...overrides.dataFilter } }],
    },
    output: { width: SIDE, height: SIDE, responses: overrides.responses ?? [{ identifier: "ndvi", format: { type: "image/tiff" } }], ...overrides.output },
    evalscript: overrides.evalscript ?? NDVI,
  };
}

async function post(json: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request("/api/v1/process", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json", ...headers }, body: JSON.stringify(json) });
}

async function ndviOf(res: Response): Promise<Float32Array> {
  expect(res.status, await res.clone().text()).toBe(200);
  headerCache.clear();
  const cog = await openCog(new MemoryByteSource(new Uint8Array(await res.arrayBuffer())));
  expect([cog.header.grid.width, cog.header.grid.height, cog.header.grid.crs]).toEqual([SIDE, SIDE, "EPSG:32633"]);
  return (await readWindow(cog, 0, 0, { x: 0, y: 0, width: SIDE, height: SIDE })) as Float32Array;
}

const f32 = Math.fround;
const ndviAt = (d: number, x: number, y: number) => {
  const [r, n] = [f32(dn("B04", d, x, y) * 0.0001), f32(dn("B08", d, x, y) * 0.0001)];
  return (n - r) / (n + r);
};

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-scenes", SCENES, BANDS);
});

describe("POST /api/v1/process", () => {
  it("answers a FLOAT32 GeoTIFF: the most recent date with data at each pixel (mosaickingOrder mostRecent)", async () => {
    const ndvi = await ndviOf(await post(body()));
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) expect(ndvi[y * SIDE + x], `(${x}, ${y})`).toBeCloseTo(ndviAt(x === 2 && y === 3 ? 2 : 3, x, y), 6);
  });

  it("takes the least recent first, and leaves out scenes over maxCloudCoverage", async () => {
    const least = await ndviOf(await post(body({ dataFilter: { mosaickingOrder: "leastRecent" } })));
    expect(least[5]).toBeCloseTo(ndviAt(1, 5, 0), 6);
    // Without day 3 (time range) and day 2 (clouds), day 1 is all that is left.
    const clear = await ndviOf(await post(body({ timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-02T23:59:59Z" }, dataFilter: { maxCloudCoverage: 20 } })));
    expect(clear[2 * SIDE + 7]).toBeCloseTo(ndviAt(1, 7, 2), 6);
  });

  it("writes an AUTO output as 8-bit PNG (0..1 to 0..255), the Accept header outranking the response's format", async () => {
    const res = await post(body({ responses: [{ identifier: "rgb", format: { type: "image/tiff" } }] }), { Accept: "image/png" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    const rgba = rgbaOf(readPng(new Uint8Array(await res.arrayBuffer())));
    const byte = (v: number) => Math.min(255, Math.max(0, Math.round(v * 255)));
    const at = (x: number, y: number) => [...rgba.subarray((y * SIDE + x) * 4, (y * SIDE + x) * 4 + 3)];
    expect(at(4, 5)).toEqual([byte(2.5 * f32(dn("B04", 3, 4, 5) * 0.0001)), byte(2.5 * f32(dn("B04", 3, 4, 5) * 0.0001)), byte(2.5 * f32(dn("B08", 3, 4, 5) * 0.0001))]);
  });

  it("writes an AUTO output as a JPEG of the quality asked for, close to the exact samples", async () => {
    const byte = (v: number) => Math.min(255, Math.max(0, Math.round(v * 255)));
    const exact = new Uint8Array(SIDE * SIDE * 3);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const [r, n] = [f32(dn("B04", x === 2 && y === 3 ? 2 : 3, x, y) * 0.0001), f32(dn("B08", x === 2 && y === 3 ? 2 : 3, x, y) * 0.0001)];
        exact.set([byte(2.5 * r), byte(2.5 * r), byte(2.5 * n)], (y * SIDE + x) * 3);
      }
    }
    const errors = [];
    for (const quality of [100, 40]) {
      const res = await post(body({ responses: [{ identifier: "rgb", format: { type: "image/jpeg", quality } }] }));
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/jpeg");
      const decoded = jpegDecode(new Uint8Array(await res.arrayBuffer()), null, { width: SIDE, height: SIDE, samples: 3 }, true);
      errors.push(Math.max(...decoded.map((v, i) => Math.abs(v - exact[i]!))));
    }
    expect(errors[0]).toBeLessThanOrEqual(3);
    expect(errors[1]).toBeGreaterThan(errors[0]!);
    const refused = await post(body({ responses: [{ identifier: "ndvi", format: { type: "image/jpeg" } }] }));
    expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringContaining("8-bit")]);
  });

  it("answers several responses as a tar named by identifier", async () => {
    const res = await post(body({ responses: [{ identifier: "ndvi", format: { type: "image/tiff" } }, { identifier: "rgb", format: { type: "image/png" } }] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/x-tar");
    const tar = new Uint8Array(await res.arrayBuffer());
    const name = (offset: number) => new TextDecoder().decode(tar.subarray(offset, offset + 100)).replace(/\0.*$/s, "");
    const size = (offset: number) => parseInt(new TextDecoder().decode(tar.subarray(offset + 124, offset + 136)), 8);
    const second = 512 + Math.ceil(size(0) / 512) * 512;
    expect([name(0), name(second)]).toEqual(["ndvi.tif", "rgb.png"]);
  });

  it("refuses bad requests in Sentinel Hub's error shape", async () => {
    const expectShError = async (res: Response, status: number, code: string, text: RegExp) => {
      const json = (await res.json()) as { error: { status: number; reason: string; message: string; code: string } };
      expect(res.status).toBe(status);
      expect(json.error).toMatchObject({ status, code, message: expect.stringMatching(text) });
      expect(json.error.reason).toEqual(expect.any(String));
    };
    await expectShError(await post(body({ bbox: [1, 2, 3] })), 400, "COMMON_BAD_PAYLOAD", /bbox/);
    await expectShError(await post(body({ responses: [{ identifier: "nope", format: { type: "image/tiff" } }] })), 400, "COMMON_BAD_PAYLOAD", /'nope'/);
    // Before the catalogue is searched: a collection that doesn't exist is not what is reported.
    const unknown = body({ responses: [{ identifier: "nope", format: { type: "image/tiff" } }] });
    unknown.input.data[0]!.type = "byoc-sh-missing";
    await expectShError(await post(unknown), 400, "COMMON_BAD_PAYLOAD", /'nope'/);
    await expectShError(await post(body({ output: { width: 100_000 } })), 400, "COMMON_BAD_PAYLOAD", /width/);
    await expectShError(await post(body({ evalscript: "function setup() {}\n" })), 400, "COMMON_BAD_PAYLOAD", /VERSION=3/);
    await expectShError(await post(body({ responses: [{ identifier: "ndvi", format: { type: "image/png" } }] })), 400, "COMMON_BAD_PAYLOAD", /8-bit/);
    await expectShError(await request("/api/v1/process", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body()) }), 401, "COMMON_UNAUTHORIZED", /./);
  });
});

describe("OAuth2 client credentials for Sentinel Hub clients", () => {
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}, path = "/oauth/token") =>
    request(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields).toString() });

  it("exchange a Basic user's name and password for a token the Process API takes as it is", async () => {
    for (const res of [
      await form({ grant_type: "client_credentials", client_id: "alice", client_secret: TEST_USERS.alice }),
      await form({ grant_type: "client_credentials" }, { Authorization: basicHeader("alice", TEST_USERS.alice) }, "/auth/realms/main/protocol/openid-connect/token"),
    ]) {
      expect(res.status).toBe(200);
      const token = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
      expect(token).toMatchObject({ token_type: "Bearer", expires_in: 86_400 });
      const processed = await request("/api/v1/process", { method: "POST", headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" }, body: JSON.stringify(body()) });
      expect(processed.status).toBe(200);
    }
  });

  it("answer OAuth2 errors: invalid_client for a wrong secret, invalid_request for another grant", async () => {
    const wrong = await form({ grant_type: "client_credentials", client_id: "alice", client_secret: "not-it" });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([401, "invalid_client"]);
    const password = await form({ grant_type: "password", username: "alice", password: TEST_USERS.alice });
    expect([password.status, ((await password.json()) as { error: string }).error]).toEqual([400, "invalid_request"]);
  });
});
