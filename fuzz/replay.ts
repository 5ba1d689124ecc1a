// npx tsx fuzz/replay.ts fuzz/out/<run>.json [task ...]: sends the reproductions of a fuzz run's
// failures (all, or the named tasks such as "graph 780") to a fresh local Worker, one at a time,
// and prints what each answers now with the stack the Worker logged; for triage and to check fixes.
import { readFileSync } from "node:fs";
import { send } from "./client";
import type { Failure } from "./report";
import { loggedStack, startSession } from "./session";

const [file, ...tasks] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx fuzz/replay.ts <fuzz output json> [task ...]");
const { failures, timeoutMs } = JSON.parse(readFileSync(file, "utf8")) as { failures: Failure[]; timeoutMs: number };
const chosen = failures.filter((f) => tasks.length === 0 || tasks.includes(f.task));
const session = await startSession();
try {
  for (const f of chosen) {
    const request = { ...f.request, endpoint: "", headers: f.request.headers };
    const outcome = await send(session.worker.url, session.token, request, timeoutMs);
    console.log(`\n${f.task}: was ${f.signature}\n  ${f.request.method} ${f.request.path.slice(0, 300)}\n  body ${(f.request.body ?? "").slice(0, 2000)}`);
    console.log(`  now ${outcome.status ?? outcome.failure} ${outcome.code ?? ""} ${outcome.message ?? outcome.detail ?? ""}`);
    const stack = await loggedStack(session, outcome.errorId);
    if (stack) console.log(stack.replace(/^/gm, "    "));
  }
} finally {
  await session.worker.stop();
}
