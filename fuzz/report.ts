// The fuzz run's summary: requests per endpoint and status, 5xx and hangs grouped by signature.
import type { Outcome } from "./client";

export interface Failure {
  task: string;
  /** Status (or hang/network), error code and message with ids and numbers blanked: one per cause, roughly. */
  signature: string;
  outcome: Outcome;
  /** What the Worker logged for the error id, if it logged anything. */
  stack?: string;
  /** The request, shrunk to the smallest failing sub-graph for the first of each signature. */
  request: { method: string; path: string; headers: Record<string, string>; body?: string; auth: boolean };
}

export interface Tally {
  perEndpoint: Map<string, Map<string, number>>;
  statuses: Map<string, number>;
  /** Status and openEO error code of every 4xx/5xx: which checks the graphs ran into. */
  codes: Map<string, number>;
  failures: Failure[];
  /** Worker restarts after a request left it dead or stuck. */
  restarts: number;
  /** Requests that failed only while another one brought the Worker down, and answered alone. */
  collateral: number;
  shrinkRequests: number;
  sent: number;
}

export interface RunFacts {
  seed: number;
  graphs: number;
  bodies: number;
  concurrency: number;
  timeoutMs: number;
  wallSeconds: number;
  peakMiB: number;
  file: string;
}

const remoteFault = (f: Failure) => (f.outcome.status === 502 || f.outcome.status === 504) && f.outcome.code !== undefined && f.outcome.code !== "Internal";
const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

export function printReport(tally: Tally, facts: RunFacts) {
  const bySignature = new Map<string, { count: number; first: Failure }>();
  for (const f of tally.failures) {
    const entry = bySignature.get(f.signature) ?? { count: 0, first: f };
    entry.count++;
    bySignature.set(f.signature, entry);
  }
  const of = (kind: (f: Failure) => boolean) => tally.failures.filter(kind).length;
  const summary = {
    ...facts,
    requests: tally.sent,
    shrinkRequests: tally.shrinkRequests,
    statuses: Object.fromEntries(sorted(tally.statuses)),
    codes: Object.fromEntries([...tally.codes].sort(([, a], [, b]) => b - a)),
    // 502 and 504 with an openEO code other than Internal name a remote host at fault: what the standard asks for.
    fiveXX: of((f) => (f.outcome.status ?? 0) >= 500 && !remoteFault(f)),
    remoteHost: of(remoteFault),
    hangs: of((f) => f.outcome.failure === "hang"),
    crashes: of((f) => f.outcome.failure === "network"),
    restarts: tally.restarts,
    collateral: tally.collateral,
    perEndpoint: Object.fromEntries([...tally.perEndpoint].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, Object.fromEntries(sorted(v))])),
    causes: [...bySignature].sort(([, a], [, b]) => b.count - a.count).map(([signature, { count, first }]) => ({ signature, count, first: first.task })),
  };
  const out: string[] = [];
  out.push(`\nseed ${facts.seed}: ${facts.graphs} graphs + ${facts.bodies} endpoint requests, concurrency ${facts.concurrency}, client timeout ${facts.timeoutMs / 1000} s`);
  out.push(`requests sent ${tally.sent} (+${tally.shrinkRequests} to shrink failures), wall time ${facts.wallSeconds.toFixed(0)} s, peak workerd memory ${facts.peakMiB.toFixed(0)} MiB`);
  out.push(`5xx ${summary.fiveXX} (+${summary.remoteHost} 502/504 naming a remote host), hangs ${summary.hangs}, crashes ${summary.crashes}, Worker restarts ${tally.restarts}, collateral (answered alone) ${tally.collateral}`);
  out.push(`statuses: ${sorted(tally.statuses).map(([k, v]) => `${k}: ${v}`).join(", ")}`);
  out.push(`error codes: ${Object.entries(summary.codes).map(([k, v]) => `${k}: ${v}`).join(", ")}`);
  out.push("\n| endpoint | requests | statuses |\n|---|---|---|");
  for (const [endpoint, row] of [...tally.perEndpoint].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`| ${endpoint} | ${[...row.values()].reduce((a, b) => a + b, 0)} | ${sorted(row).map(([k, v]) => `${k}: ${v}`).join(", ")} |`);
  }
  if (summary.causes.length) {
    out.push("\n| count | failure | first |\n|---|---|---|");
    for (const c of summary.causes) out.push(`| ${c.count} | ${c.signature.replace(/\|/g, "\\|")} | ${c.first} |`);
  }
  out.push(`\nevery failure with its reproduction: ${facts.file}`);
  console.log(out.join("\n"));
  return summary;
}
