// V8 CPU profiles of the Worker's isolate through wrangler dev's inspector (the DevTools session of
// inspector-memory.ts), for bench:e2e-profile and bench:tile-cpu; and whether the Worker ran Durable
// Object code while a request ran (bench:e2e's cache hits). Under wrangler
// dev a Worker's Durable Objects run in its isolate, so a Durable Object read shows up as samples
// inside one of those classes: in the bundle wrangler builds, each is a top-level
// `var Name = class extends DurableObject... {` up to `};`. workerd samples irregularly (a sample's
// time delta can span idle gaps, some requests get no sample at all), so the profile tells which
// code ran, not for how long, and can miss a short call: profile several requests.
import { debuggerUrl, DevToolsSession } from "./inspector-memory";

export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** A V8 CPU profile: timeDeltas[i] is the time from sample i - 1 to sample i, in microseconds. */
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CapturedProfile<T> {
  result: T;
  profile: Profile;
  /** The Worker's bundle as the isolate runs it, when asked for: the profile's line numbers point into it. */
  bundle?: string;
}

/**
 * A CPU profile of the Worker's isolate while `action` runs, through wrangler dev's inspector,
 * sampled every `intervalUs`. One inspector client at a time: don't run beside another sampler.
 */
export async function captureProfile<T>(port: number, action: () => Promise<T>, options: { intervalUs: number; bundle?: boolean }): Promise<CapturedProfile<T>> {
  const session = await DevToolsSession.open(await debuggerUrl("127.0.0.1", port));
  try {
    const check = (reply: { error?: { message: string } } | undefined, what: string) => {
      if (!reply || reply.error) throw new Error(`${what}: ${reply?.error?.message ?? "no answer"}`);
      return reply as { result?: unknown };
    };
    check(await session.send("Profiler.enable"), "Profiler.enable");
    check(await session.send("Profiler.setSamplingInterval", { interval: options.intervalUs }), "Profiler.setSamplingInterval");
    check(await session.send("Profiler.start"), "Profiler.start");
    const result = await action();
    const { profile } = check(await session.send("Profiler.stop"), "Profiler.stop").result as { profile: Profile };
    const scriptId = options.bundle ? profile.nodes.find((n) => /(^|\/)index\.js$/.test(n.callFrame.url))?.callFrame.scriptId : undefined;
    if (!scriptId) return { result, profile };
    check(await session.send("Debugger.enable"), "Debugger.enable");
    const source = check(await session.send("Debugger.getScriptSource", { scriptId }), "Debugger.getScriptSource").result as { scriptSource: string };
    await session.send("Debugger.disable");
    return { result, profile, bundle: source.scriptSource };
  } finally {
    session.close();
  }
}

export interface IsolateSamples {
  /** Samples of the isolate running code (not idle). */
  busy: number;
  /** Samples with a Durable Object class's code on the stack. */
  durableObject: number;
  /** Names of the Durable Object classes seen. */
  durableObjects: string[];
}

/** Lines (0-based) of each Durable Object class in the bundle's source. */
function durableObjectClasses(source: string): { name: string; first: number; last: number }[] {
  const lines = source.split("\n");
  const classes: { name: string; first: number; last: number }[] = [];
  lines.forEach((line, first) => {
    const name = /^var (\w+) = class extends DurableObject\d* \{$/.exec(line)?.[1];
    if (!name) return;
    const end = lines.findIndex((l, i) => i > first && l === "};");
    classes.push({ name, first, last: end < 0 ? lines.length : end });
  });
  return classes;
}

const SAMPLING_INTERVAL_US = 50;

const nameOf = (frame: CallFrame) => `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;

/**
 * Busy milliseconds (every sample but idle), and per function ("name file:line") its self time, its
 * total time (once per stack) and its self time by the bundle's function that called it (what a
 * native or anonymous entry stands for).
 */
export function profileTimes(profile: Profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  /** Per function, self time by the nearest caller in the bundle: what a native or anonymous entry stands for. */
  const callers = new Map<string, Map<string, number>>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)") return;
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    busy += ms;
    self.set(nameOf(frame), (self.get(nameOf(frame)) ?? 0) + ms);
    let caller = parent.get(id);
    while (caller !== undefined && !/index\.js$/.test(nodes.get(caller)!.callFrame.url)) caller = parent.get(caller);
    const byCaller = callers.get(nameOf(frame)) ?? new Map<string, number>();
    const callerName = caller === undefined ? "(none)" : nameOf(nodes.get(caller)!.callFrame);
    byCaller.set(callerName, (byCaller.get(callerName) ?? 0) + ms);
    callers.set(nameOf(frame), byCaller);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const name = nameOf(nodes.get(node)!.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  return { busy, self, total, callers };
}

/**
 * Profiles the Worker while `action` runs (one request, to attribute what ran to it) and answers
 * what the samples show.
 */
export async function profileIsolate(port: number, action: () => Promise<unknown>): Promise<IsolateSamples> {
  const { profile, bundle } = await captureProfile(port, action, { intervalUs: SAMPLING_INTERVAL_US, bundle: true });
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const bundleId = profile.nodes.find((n) => /(^|\/)index\.js$/.test(n.callFrame.url))?.callFrame.scriptId;
  const classes = bundle ? durableObjectClasses(bundle) : [];
  const classOf = (frame: CallFrame) => (frame.scriptId === bundleId ? classes.find((c) => frame.lineNumber >= c.first && frame.lineNumber <= c.last)?.name : undefined);
  let busy = 0;
  let durableObject = 0;
  const seen = new Set<string>();
  for (const id of profile.samples) {
    if (nodes.get(id)?.callFrame.functionName === "(idle)") continue;
    busy++;
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const name = classOf(nodes.get(node)!.callFrame);
      if (name) {
        durableObject++;
        seen.add(name);
        break;
      }
    }
  }
  return { busy, durableObject, durableObjects: [...seen] };
}
