import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { checkProcess, issueToError } from "../engine";
import { OpenEOError } from "../errors";
import { runEnvironment } from "../execution/sync";
import { apiBaseOf } from "./version";

/** A job's or service's process must be valid for the user when it is stored, as /result would check it before running. */
export async function checkStoredProcess(c: Context<AppEnv>, process: Record<string, unknown>): Promise<void> {
  if (!("process_graph" in process)) throw new OpenEOError("ProcessGraphMissing");
  const { engineEnv } = runEnvironment({ env: c.env, userId: c.var.user!.user_id, apiBase: apiBaseOf(c.req.url) });
  const { issues } = await checkProcess(process, engineEnv);
  if (issues[0]) throw issueToError(issues[0]);
}
