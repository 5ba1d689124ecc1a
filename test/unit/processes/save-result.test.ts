import { describe, expect, it } from "vitest";
import { checkProcess } from "../../../src/engine";
import { PROCESSES } from "../../../src/processes";
import { saveResult } from "../../../src/processes/cubes/save-result";
import type { ProcessContext, SavedResult } from "../../../src/processes/types";
import { rasterCube } from "../../support/raster-cube";
import { noData } from "../../support/run-process";

const data = rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 20, 10], width: 2, height: 1 }, null, ["a"], [Float32Array.of(1, 2)]);
const empty = rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 20, 10], width: 2, height: 1 }, [], ["a"], []);

function collector(): ProcessContext & { saved: SavedResult[] } {
  const saved: SavedResult[] = [];
  return { saved, log() {}, saveResult: (r) => saved.push(r) };
}

async function issuesOf(format: unknown, options?: unknown) {
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "c", spatial_extent: null, temporal_extent: null } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format, ...(options === undefined ? {} : { options }) }, result: true },
  };
  return (await checkProcess({ process_graph: graph }, { processes: PROCESSES })).issues.map((i) => `${i.code}: ${i.message}`);
}

describe("save_result", () => {
  it("hands the data, the format's own name and the complete options over for encoding", async () => {
    const ctx = collector();
    const item = (await saveResult.run({ data, format: "gtiff", options: { tile_size: 512 } }, ctx)) as { assets: Record<string, { href: string }> };
    expect(ctx.saved).toEqual([{ data, format: "GTiff", options: { tile_size: 512, compression: "deflate", overviews: true } }]);
    expect(item.assets.GTiff!.href).toBe("result.tif");
  });

  it("checks literal formats and options while validating", async () => {
    expect(await issuesOf("GTIFF", { overviews: false })).toEqual([]);
    expect((await issuesOf("JPEG"))[0]).toMatch(/^ProcessParameterInvalid: .*'JPEG' is not supported \(GET \/file_formats lists GTiff, JSON, netCDF, PNG, GeoJSON, CSV\)/);
    expect((await issuesOf("GTiff", { tile_size: 100 }))[0]).toMatch(/^ProcessParameterInvalid: .*tile_size/);
  });

  it("answers the format's errors when it runs", async () => {
    await expect(saveResult.run({ data, format: "Zarr", options: {} }, collector())).rejects.toMatchObject({ code: "ProcessParameterInvalid" });
    await expect(saveResult.run({ data, format: "GTiff", options: { colour: "red" } }, collector())).rejects.toMatchObject({ code: "ProcessParameterInvalid" });
    await expect(saveResult.run({ data: empty, format: "GTiff", options: {} }, collector())).rejects.toMatchObject({ code: "DataCubeEmpty" });
    await expect(saveResult.run({ data: [1, 2], format: "GTiff", options: {} }, collector())).rejects.toMatchObject({ code: "FormatUnsuitable" });
  });

  it("refuses a raster cube not read yet in a vector format without reading it", async () => {
    const lazy = { kind: "lazy", collection: "c", bands: [], spatial: null, temporal: null, properties: {} };
    const unreadable = { ...collector(), data: noData };
    for (const format of ["GeoJSON", "CSV"]) {
      await expect(saveResult.run({ data: lazy, format, options: {} }, unreadable)).rejects.toMatchObject({ code: "FormatUnsuitable", message: expect.stringMatching(/writes vector data cubes/) });
    }
  });
});
