/**
 * The scenes an evalscript sees: one per date of the cube (an acquisition day, the tiles of one
 * pass mosaicked), in Sentinel Hub's mosaicking order, with what the catalogue says of them (cloud
 * cover, item ids) where the caller knows it. preProcessScenes may drop or reorder them and
 * updateOutput resize the outputs before any pixel is evaluated; updateOutputMetadata writes the
 * userData of the result.
 */
import { udfFailed, type EvaluateRequest, type UdfSandbox } from "../../sandbox/sandbox";
import { outputsOf, type EvalscriptSetup } from "./evalscript-setup";

/** One date of the cube, and its items when known. */
export interface SceneFacts {
  /** The cube's t label (midnight UTC of the day). */
  date: string;
  /** The mean cloud cover of its items, in percent. */
  cloudCoverage?: number;
  items?: { id: string; datetime: string; cloudCoverage?: number }[];
}

/** Which date a SIMPLE mosaic takes first, and the order of ORBIT and TILE samples. */
export type MosaickingOrder = "mostRecent" | "leastRecent" | "leastCC";

/** The metadata Sentinel Hub hands evaluatePixel and updateOutputMetadata. */
export const INPUT_METADATA = { serviceVersion: "1.0.0", normalizationFactor: 0.0001 };

/** The most text the userData of updateOutputMetadata may take as JSON. */
const MAX_USER_DATA_CHARS = 1 << 20;

export function orderScenes(scenes: SceneFacts[], order: MosaickingOrder): SceneFacts[] {
  const byDate = (a: SceneFacts, b: SceneFacts) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
  if (order === "mostRecent") return [...scenes].sort(byDate);
  if (order === "leastRecent") return [...scenes].sort((a, b) => byDate(b, a));
  // Least cloudy first; scenes of unknown cover last; ties the most recent first.
  const cover = (s: SceneFacts) => s.cloudCoverage ?? Infinity;
  return [...scenes].sort((a, b) => cover(a) - cover(b) || byDate(a, b));
}

/** A scene as `scenes.orbits[i]` (with its tiles) or `scenes.tiles[i]` show it. */
export function sceneObject(scene: SceneFacts, mosaicking: EvalscriptSetup["mosaicking"]): Record<string, unknown> {
  const day = scene.date.slice(0, 10);
  const cover = scene.cloudCoverage === undefined ? {} : { cloudCoverage: scene.cloudCoverage };
  const base = { date: scene.date, dateFrom: scene.date, dateTo: `${day}T23:59:59Z`, ...cover };
  const tiles = (scene.items ?? []).map((item) => ({ date: item.datetime, tileOriginalId: item.id, ...(item.cloudCoverage === undefined ? {} : { cloudCoverage: item.cloudCoverage }) }));
  if (mosaicking === "TILE") return { ...base, ...(tiles[0] ? { tileOriginalId: tiles[0].tileOriginalId } : {}) };
  return { ...base, tiles };
}

/**
 * The scenes kept by preProcessScenes (ORBIT and TILE mosaicking only, as Sentinel Hub calls it),
 * in its order, and the outputs as updateOutput leaves them; as given when the script defines neither.
 */
export async function scenesAndOutputs(
  sandbox: UdfSandbox,
  code: string,
  setup: EvalscriptSetup,
  scenes: SceneFacts[],
): Promise<{ scenes: SceneFacts[]; outputs: EvalscriptSetup["outputs"] }> {
  const filters = setup.mosaicking !== "SIMPLE" && setup.hooks.includes("preProcessScenes");
  if (!filters && !setup.hooks.includes("updateOutput")) return { scenes, outputs: setup.outputs };
  const answer = await sandbox.evalscriptScenes(code, { scenes: scenes.map((s) => sceneObject(s, setup.mosaicking)), mosaicking: setup.mosaicking, outputs: setup.outputs });
  const kept = answer.kept;
  if (!Array.isArray(kept) || kept.some((i) => !Number.isInteger(i) || i < 0 || i >= scenes.length) || new Set(kept).size !== kept.length) {
    throw udfFailed("preProcessScenes must answer each scene it keeps once");
  }
  const outputs = outputsOf(answer.outputs, "updateOutput()");
  if (outputs.some((o, i) => o.id !== setup.outputs[i]!.id)) throw udfFailed("updateOutput() may change the outputs' bands and sample types, not their ids");
  // updateOutput's band names where it gives them; else setup()'s hold while the number of bands does.
  const named = outputs.map((o, i) => {
    const names = setup.outputs[i]!.names;
    return !o.names && names && names.length === o.bands ? { ...o, names } : o;
  });
  return { scenes: (kept as number[]).map((i) => scenes[i]!), outputs: named };
}

/** updateOutputMetadata's userData (an empty object when the script doesn't define it), bounded in size. */
export async function userData(sandbox: UdfSandbox, code: string, setup: EvalscriptSetup, scenes: SceneFacts[]): Promise<unknown> {
  if (!setup.hooks.includes("updateOutputMetadata")) return {};
  const request: Pick<EvaluateRequest, "scenes" | "mosaicking" | "inputMetadata"> = {
    scenes: scenes.map((s) => sceneObject(s, setup.mosaicking)),
    mosaicking: setup.mosaicking,
    inputMetadata: INPUT_METADATA,
  };
  const value = await sandbox.evalscriptMetadata(code, request);
  if (JSON.stringify(value ?? null).length > MAX_USER_DATA_CHARS) throw udfFailed(`updateOutputMetadata wrote more than ${MAX_USER_DATA_CHARS} characters of userData`);
  return value ?? null;
}
