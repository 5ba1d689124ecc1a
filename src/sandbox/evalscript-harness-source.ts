/**
 * The sandbox entrypoint for Sentinel Hub evalscripts (V3): the script's own functions are
 * reached through an export appended to it (EVALSCRIPT_EXPORTS; scripts declare them at top level
 * without exporting), `setup()` is answered as it is, and `evaluatePixel` runs over a block of
 * pixels: per pixel, the samples of every date (most recent first), as one mosaicked sample
 * (SIMPLE: the most recent date with data) or one per date (ORBIT, TILE), `dataMask` 1 where a
 * date has data. The sample objects are reused from pixel to pixel.
 * Each output's bands come back as columns. Before the pixels, `preProcessScenes` may drop scenes
 * and `updateOutput` change the outputs' bands; after them, `updateOutputMetadata` writes the
 * result's userData.
 */

/** Appended to the instrumented script (after instrumentation: it is ours, not counted). */
export const EVALSCRIPT_EXPORTS = `
export const __evalscript = {
  setup: typeof setup === "function" ? setup : undefined,
  evaluatePixel: typeof evaluatePixel === "function" ? evaluatePixel : undefined,
  preProcessScenes: typeof preProcessScenes === "function" ? preProcessScenes : undefined,
  updateOutput: typeof updateOutput === "function" ? updateOutput : undefined,
  updateOutputMetadata: typeof updateOutputMetadata === "function" ? updateOutputMetadata : undefined,
};
`;

export const EVALSCRIPT_HARNESS_MODULE = `
import { WorkerEntrypoint } from "cloudflare:workers";
// The budget first: its guards must be in place before the user's module runs.
import { startBudget } from "./budget.js";
import { __evalscript as script } from "./udf.js";
import { failure } from "./failure.js";

function required(name) {
  if (typeof script[name] !== "function") throw new TypeError("the evalscript defines no function " + name + "()");
  return script[name];
}

/** A JSON copy of what setup() answered, so that it crosses RPC as plain data. */
function plain(value) {
  return JSON.parse(JSON.stringify(value === undefined ? null : value));
}

/**
 * A function that fills a sample object with pixel i of its date's columns (all bands 0 and
 * dataMask 0 where any band is no-data) and answers dataMask. Each band has its own store
 * statement, so that every store sees one property name (V8 keeps those fast; one store for all
 * names in a loop is several times slower).
 */
function pixelFiller(sample, columns, names) {
  const n = names.length;
  const [k0, k1, k2, k3, k4, k5, k6, k7] = names;
  const [c0, c1, c2, c3, c4, c5, c6, c7] = columns;
  return (i) => {
    let ok = 1;
    for (let b = 0; b < n; b++) {
      const v = columns[b][i];
      if (v !== v) ok = 0;
    }
    sample.dataMask = ok;
    if (n === 0) return ok;
    sample[k0] = ok ? c0[i] : 0;
    if (n === 1) return ok;
    sample[k1] = ok ? c1[i] : 0;
    if (n === 2) return ok;
    sample[k2] = ok ? c2[i] : 0;
    if (n === 3) return ok;
    sample[k3] = ok ? c3[i] : 0;
    if (n === 4) return ok;
    sample[k4] = ok ? c4[i] : 0;
    if (n === 5) return ok;
    sample[k5] = ok ? c5[i] : 0;
    if (n === 6) return ok;
    sample[k6] = ok ? c6[i] : 0;
    if (n === 7) return ok;
    sample[k7] = ok ? c7[i] : 0;
    for (let b = 8; b < n; b++) sample[names[b]] = ok ? columns[b][i] : 0;
    return ok;
  };
}

export default class EvalscriptHarness extends WorkerEntrypoint {
  /** setup()'s answer, and which of the optional functions the script defines. */
  setup(request) {
    try {
      startBudget(request.steps);
      const hooks = ["preProcessScenes", "updateOutput", "updateOutputMetadata"].filter((name) => typeof script[name] === "function");
      return { value: { setup: plain(required("setup")()), hooks } };
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * request: scenes (objects in mosaicking order), mosaicking, outputs ([{id, bands, sampleType}]).
   * Answers the positions of the scenes preProcessScenes kept (all when it isn't called: SIMPLE
   * mosaicking or not defined), in its order, and the outputs as updateOutput left them.
   */
  scenes(request) {
    try {
      startBudget(request.steps);
      const { scenes, mosaicking } = request;
      let kept = scenes.map((_, i) => i);
      if (mosaicking !== "SIMPLE" && script.preProcessScenes) {
        const key = mosaicking === "TILE" ? "tiles" : "orbits";
        const given = scenes.map((scene) => ({ ...scene }));
        const collections = { scenes: { [key]: given.slice() } };
        const answer = script.preProcessScenes(collections);
        const list = (answer && answer.scenes ? answer : collections).scenes[key];
        if (!Array.isArray(list)) throw new TypeError("preProcessScenes must leave collections.scenes." + key + " an array");
        kept = list.map((scene) => {
          // The objects it was given, or copies of them: known by their date.
          let at = given.indexOf(scene);
          if (at < 0 && scene) at = scenes.findIndex((s) => s.date === scene.date || (scene.dateFrom !== undefined && s.dateFrom === scene.dateFrom));
          if (at < 0) throw new TypeError("preProcessScenes answered a scene it was not given");
          return at;
        });
      }
      const outputs = {};
      for (const o of request.outputs) outputs[o.id] = { id: o.id, bands: o.bands, sampleType: o.sampleType };
      if (script.updateOutput) script.updateOutput(outputs, { scenes: kept.map((i) => ({ ...scenes[i] })) });
      return { value: { kept, outputs: plain(request.outputs.map((o) => outputs[o.id] || o)) } };
    } catch (error) {
      return failure(error);
    }
  }

  /** updateOutputMetadata(scenes, inputMetadata, outputMetadata): the userData it wrote. */
  metadata(request) {
    try {
      startBudget(request.steps);
      const outputMetadata = { userData: {} };
      const scenes = request.mosaicking === "TILE" ? { tiles: request.scenes } : { orbits: request.scenes };
      required("updateOutputMetadata")(scenes, request.inputMetadata, outputMetadata);
      return { value: plain(outputMetadata.userData) };
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * request: bands (the input bands, dataMask excluded), dates (most recent first), columns
   * (date-major: columns[d * bands.length + b], NaN for no data), length, outputs
   * ([{id, bands}] as setup or updateOutput declared them), mosaicking, scenes, inputMetadata, steps.
   */
  evaluate(request) {
    try {
      const evaluatePixel = required("evaluatePixel");
      startBudget(request.steps);
      const { bands, dates, columns, length, outputs, mosaicking } = request;
      const perDate = mosaicking !== "SIMPLE";
      const scenes = perDate ? (mosaicking === "TILE" ? { tiles: request.scenes } : { orbits: request.scenes }) : {};
      // Float32, as the cube's planes hold them: half the bytes to copy back over RPC.
      const out = outputs.map((o) => Array.from({ length: o.bands }, () => new Float32Array(length).fill(NaN)));
      const single = outputs.length === 1 ? outputs[0].id : undefined;
      const inputMetadata = request.inputMetadata;
      const customData = {};
      const outputMetadata = { userData: {} };
      // One sample object per date, filled pixel by pixel (same shape for every pixel, no garbage).
      const slots = dates.map(() => {
        const sample = { dataMask: 0 };
        for (const band of bands) sample[band] = 0;
        return sample;
      });
      const fill = slots.map((sample, d) => pixelFiller(sample, columns.slice(d * bands.length, (d + 1) * bands.length), bands));
      const last = dates.length - 1;
      // The usual case, one output answered as an array, stored without the general checks.
      const only = single === undefined ? undefined : out[0];
      const onlyBands = single === undefined ? 0 : outputs[0].bands;
      for (let i = 0; i < length; i++) {
        let samples;
        if (perDate) {
          for (let d = 0; d <= last; d++) fill[d](i);
          // A fresh array (a script may sort or splice it); the objects in it are the reused ones.
          samples = slots.slice();
        } else {
          let d = 0;
          while (d < last && !fill[d](i)) d++;
          if (d === last) fill[d](i);
          samples = slots[d];
        }
        const result = evaluatePixel(samples, scenes, inputMetadata, customData, outputMetadata);
        if (only !== undefined && Array.isArray(result) && result.length === onlyBands) {
          for (let k = 0; k < onlyBands; k++) {
            const v = result[k];
            only[k][i] = typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : NaN;
          }
          continue;
        }
        if (result instanceof Promise) throw new TypeError("evaluatePixel must answer synchronously");
        const array = Array.isArray(result);
        if ((array && single === undefined) || (!array && (!result || typeof result !== "object"))) {
          throw new TypeError("evaluatePixel must answer an array (one output) or an object of arrays by output id; pixel " + i + " did not");
        }
        for (let o = 0; o < outputs.length; o++) {
          const values = array ? result : result[outputs[o].id];
          if (!Array.isArray(values)) throw new TypeError("evaluatePixel answered no array for output '" + outputs[o].id + "' at pixel " + i);
          if (values.length !== outputs[o].bands) throw new TypeError("evaluatePixel answered " + values.length + " values for output '" + outputs[o].id + "', whose setup() declares " + outputs[o].bands + " bands");
          for (let k = 0; k < values.length; k++) {
            const v = values[k];
            out[o][k][i] = typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : NaN;
          }
        }
      }
      return { outputs: out };
    } catch (error) {
      return failure(error);
    }
  }
}
`;
