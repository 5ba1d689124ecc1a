/**
 * Computes a process's result file from injected interfaces (engine environment, data access, log):
 * validation, evaluation, encoding, and strips for results larger than one read. Bindings stay
 * outside (sync.ts builds these from them; the benchmark from local files).
 */
import type { DataAccess, DataContext } from "../cube/context";
import { CubeTooLarge } from "../cube/materialize";
import { checkProcess, evaluateGraph, issueToError, type EngineEnv } from "../engine";
import type { SavedResult } from "../processes/types";
import { resultBody, type ResultBody } from "./outputs";
import type { RunLog } from "./run-log";
import { resultInStrips, splittable, type StripRun } from "./strips";

export async function computeResult(process: Record<string, unknown>, engineEnv: EngineEnv, data: DataAccess, log: RunLog): Promise<ResultBody> {
  const { graph, issues } = await checkProcess(process, engineEnv);
  if (!graph) throw issueToError(issues[0]!);
  const evaluate: StripRun = async (access) => {
    const saved: SavedResult[] = [];
    const ctx: DataContext = {
      data: access,
      log: (level, message, extra) => log.add(level, message, extra === undefined ? {} : { data: extra }),
      saveResult: (result) => saved.push(result),
    };
    return { value: await evaluateGraph(graph, engineEnv, { ctx }), saved };
  };
  try {
    const { value, saved } = await evaluate(data);
    return await resultBody(saved, value, data);
  } catch (error) {
    if (!(error instanceof CubeTooLarge) || !splittable(graph, engineEnv.processes)) throw error;
    const { strips, ...body } = await resultInStrips(error, data, evaluate);
    log.add("info", `The data (${Math.ceil(error.bytes / 2 ** 20)} MiB) was read and computed in ${strips} strips, and again while the full resolution is sent.`);
    return body;
  }
}
