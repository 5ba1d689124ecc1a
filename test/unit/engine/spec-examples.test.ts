/**
 * The process graph examples of the openEO API 1.2.0 spec ("Process Graphs": the EVI example
 * and the child process example; the `evi` user-defined process of the API's examples), run
 * through the real engine and real math processes; the data cube processes they call are toys
 * from spec-datacube-fakes.ts, so these tests pin the engine's scoping, not cube handling.
 */
import { describe, expect, it } from "vitest";
import { checkProcess, runProcess, type UserProcess } from "../../../src/engine";
import { OpenEOError } from "../../../src/errors";
import { specRegistry, type Scene } from "./spec-datacube-fakes";
import { silentCtx } from "./test-processes";

const evi = (nir: number, red: number, blue: number) => (2.5 * (nir - red)) / (1 + nir + 6 * red - 7.5 * blue);

/** Two pixels, two time steps; B08 is near infrared, B04 red, B02 blue. */
const SCENE: Scene = [
  [
    { B08: 0.5, B04: 0.1, B02: 0.05 },
    { B08: 0.4, B04: 0.12, B02: 0.06 },
  ],
  [
    { B08: 0.3, B04: 0.2, B02: 0.1 },
    { B08: 0.6, B04: 0.05, B02: 0.04 },
  ],
];
const minEvi = (scene: Scene) => scene.map((pixel) => Math.min(...pixel.map((s) => evi(s.B08!, s.B04!, s.B02!))));

const band = (index: number) => ({ process_id: "array_element", arguments: { data: { from_parameter: "data" }, index } });

/** The EVI reducer of the spec's example: from_parameter "data" is the reducer's own parameter. */
function eviReducer(gain: unknown = 2.5) {
  return {
    nir: band(0),
    red: band(1),
    blue: band(2),
    sub: { process_id: "subtract", arguments: { x: { from_node: "nir" }, y: { from_node: "red" } } },
    p1: { process_id: "multiply", arguments: { x: 6, y: { from_node: "red" } } },
    p2: { process_id: "multiply", arguments: { x: -7.5, y: { from_node: "blue" } } },
    sum: { process_id: "sum", arguments: { data: [1, { from_node: "nir" }, { from_node: "p1" }, { from_node: "p2" }] } },
    div: { process_id: "divide", arguments: { x: { from_node: "sub" }, y: { from_node: "sum" } } },
    p3: { process_id: "multiply", arguments: { x: gain, y: { from_node: "div" } }, result: true },
  };
}

/** pg-evi-example.json of the spec, in its API 1.x form (reduce_dimension, from_parameter, x/y arguments). */
function eviExample(reducer: Record<string, unknown> = { process_graph: eviReducer() }) {
  return {
    dc: {
      process_id: "load_collection",
      description: "Loading the data; the order of the bands matters for the reducer.",
      arguments: {
        id: "Sentinel-2",
        spatial_extent: { west: 16.1, east: 16.6, north: 48.6, south: 47.2 },
        temporal_extent: ["2018-01-01", "2018-02-01"],
        bands: ["B08", "B04", "B02"],
      },
    },
    evi: { process_id: "reduce_dimension", arguments: { data: { from_node: "dc" }, reducer, dimension: "bands" } },
    mintime: {
      process_id: "reduce_dimension",
      arguments: { data: { from_node: "evi" }, reducer: { process_graph: { min: { process_id: "min", arguments: { data: { from_parameter: "data" } }, result: true } } }, dimension: "t" },
    },
    save: { process_id: "save_result", arguments: { data: { from_node: "mintime" }, format: "GTiff" }, result: true },
  };
}

/** The `evi` user-defined process of the API's examples (components/examples/evi_user_defined_process). */
const EVI_PROCESS: UserProcess = {
  id: "evi",
  parameters: [
    { name: "red", description: "Value from the red band.", schema: { type: "number" } },
    { name: "blue", description: "Value from the blue band.", schema: { type: "number" } },
    { name: "nir", description: "Value from the near infrared band.", schema: { type: "number" } },
  ],
  returns: { description: "Computed EVI.", schema: { type: "number" } },
  process_graph: {
    sub: { process_id: "subtract", arguments: { x: { from_parameter: "nir" }, y: { from_parameter: "red" } } },
    p1: { process_id: "multiply", arguments: { x: 6, y: { from_parameter: "red" } } },
    p2: { process_id: "multiply", arguments: { x: -7.5, y: { from_parameter: "blue" } } },
    sum: { process_id: "sum", arguments: { data: [1, { from_parameter: "nir" }, { from_node: "p1" }, { from_node: "p2" }] } },
    div: { process_id: "divide", arguments: { x: { from_node: "sub" }, y: { from_node: "sum" } } },
    p3: { process_id: "multiply", arguments: { x: 2.5, y: { from_node: "div" } }, result: true },
  },
};

function expectValues(actual: unknown, expected: number[]) {
  expect(Array.isArray(actual)).toBe(true);
  expect((actual as number[]).length).toBe(expected.length);
  expected.forEach((value, i) => expect((actual as number[])[i]).toBeCloseTo(value, 12));
}

describe("the spec's EVI example", () => {
  it("validates and computes the minimum EVI per pixel", async () => {
    const registry = specRegistry(SCENE);
    const process = { process_graph: eviExample() };
    expect((await checkProcess(process, registry)).issues).toEqual([]);
    expect(await runProcess(process, registry, { ctx: silentCtx })).toBe(true);
    expect(registry.saved).toHaveLength(1);
    expect(registry.saved[0]!.format).toBe("GTiff");
    expect(registry.saved[0]!.data.dimensions).toEqual(["x"]);
    expectValues(registry.saved[0]!.data.values, minEvi(SCENE));
    expect(registry.loaded[0]).toMatchObject({ id: "Sentinel-2", bands: ["B08", "B04", "B02"], temporal_extent: ["2018-01-01", "2018-02-01"] });
  });

  it("follows the band order load_collection is asked for", async () => {
    // Swapping red and blue in the request, but not in the reducer, changes the result: the bands really flow through.
    const registry = specRegistry(SCENE);
    const graph = eviExample();
    graph.dc.arguments.bands = ["B08", "B02", "B04"];
    await runProcess({ process_graph: graph }, registry, { ctx: silentCtx });
    const swapped = SCENE.map((pixel) => pixel.map((s) => ({ B08: s.B08!, B04: s.B02!, B02: s.B04! })));
    expectValues(registry.saved[0]!.data.values, minEvi(swapped));
  });

  it("resolves from_parameter outwards: a root parameter inside the reducer, the root's default over the child's", async () => {
    const registry = specRegistry(SCENE);
    const reducer = { process_graph: eviReducer({ from_parameter: "gain" }), parameters: [{ name: "gain", description: "gain", schema: { type: "number" }, default: 100 }] };
    const parameters = [{ name: "gain", description: "gain", schema: { type: "number" }, default: 2.5 }];
    await runProcess({ process_graph: eviExample(reducer), parameters }, registry, { ctx: silentCtx });
    expectValues(registry.saved[0]!.data.values, minEvi(SCENE));

    // A value given to the root process is the most specific one and wins over every default.
    await runProcess({ process_graph: eviExample(reducer), parameters }, registry, { ctx: silentCtx, parameters: { gain: 5 } });
    expectValues(registry.saved[1]!.data.values, minEvi(SCENE).map((v) => v * 2));
  });

  it("keeps node ids strictly scoped: a reducer can't refer to a node of its parent graph", async () => {
    const reducer = eviReducer();
    reducer.nir = { process_id: "array_element", arguments: { data: { from_node: "dc" } as never, index: 0 } };
    const { issues } = await checkProcess({ process_graph: eviExample({ process_graph: reducer }) }, specRegistry(SCENE));
    expect(issues.map((i) => i.code)).toEqual(["ProcessGraphInvalid"]);
    expect(issues[0]!.message).toContain("node 'nir' refers to node 'dc', which is not in its process graph");
    expect(issues[0]!.path).toEqual(["evi", "reducer", "nir"]);
  });

  it("runs the reducer as the spec's `evi` user-defined process, fed by nodes of the child graph", async () => {
    const registry = { ...specRegistry(SCENE), userProcesses: (id: string) => (id === "evi" ? EVI_PROCESS : undefined) };
    const reducer = {
      nir: band(0),
      red: band(1),
      blue: band(2),
      evi: { process_id: "evi", namespace: "user", arguments: { red: { from_node: "red" }, blue: { from_node: "blue" }, nir: { from_node: "nir" } }, result: true },
    };
    const process = { process_graph: eviExample({ process_graph: reducer }) };
    expect((await checkProcess(process, registry)).issues).toEqual([]);
    await runProcess(process, registry, { ctx: silentCtx });
    expectValues(registry.saved[0]!.data.values, minEvi(SCENE));
  });
});

describe("the spec's evi user-defined process", () => {
  const env = { ...specRegistry(SCENE), userProcesses: (id: string) => (id === "evi" ? EVI_PROCESS : undefined) };

  it("computes the formula with the real math processes", async () => {
    const value = await runProcess({ process_graph: { e: { process_id: "evi", arguments: { red: 0.1, blue: 0.05, nir: 0.5 }, result: true } } }, env, { ctx: silentCtx });
    expect(value).toBeCloseTo(evi(0.5, 0.1, 0.05), 12);
  });

  it("rejects arguments outside its declared parameters", async () => {
    const { issues } = await checkProcess({ process_graph: { e: { process_id: "evi", arguments: { red: "0.1", nir: 0.5 }, result: true } } }, env);
    expect(issues.map((i) => i.code).sort()).toEqual(["ProcessParameterInvalid", "ProcessParameterRequired"]);
  });
});

describe("the spec's child process example (apply with absolute)", () => {
  // The spec shows the apply node alone; loadcollection1 and the result flag complete it into a runnable graph.
  const graph = {
    loadcollection1: { process_id: "load_collection", arguments: { id: "Sentinel-2", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
    apply: {
      process_id: "apply",
      arguments: {
        data: { from_node: "loadcollection1" },
        process: { process_graph: { abs1: { process_id: "absolute", arguments: { x: { from_parameter: "x" } }, result: true } } },
      },
      result: true,
    },
  };

  it("hands each pixel value to the child process as its parameter x", async () => {
    const scene: Scene = [[{ B04: -3 }, { B04: 2 }], [{ B04: -0.5 }, { B04: 0 }]];
    const cube = await runProcess({ process_graph: graph }, specRegistry(scene), { ctx: silentCtx });
    expect(cube).toEqual({ dimensions: ["x", "t", "bands"], values: [[[3], [2]], [[0.5], [0]]] });
  });

  it("fails with ProcessParameterMissing when the child asks for a parameter no scope has", async () => {
    const broken = structuredClone(graph);
    broken.apply.arguments.process.process_graph.abs1.arguments.x = { from_parameter: "y" };
    const error = await runProcess({ process_graph: broken }, specRegistry([[{ B04: 1 }]]), { ctx: silentCtx }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenEOError);
    expect((error as OpenEOError).code).toBe("ProcessParameterMissing");
  });
});
