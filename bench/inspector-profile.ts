// Whether the Worker ran Durable Object code while a request ran, from a V8 CPU profile taken
// through wrangler dev's inspector (the DevTools session of inspector-memory.ts). Under wrangler
// dev a Worker's Durable Objects run in its isolate, so a Durable Object read shows up as samples
// inside one of those classes: in the bundle wrangler builds, each is a top-level
// `var Name = class extends DurableObject... {` up to `};`. workerd samples irregularly (a sample's
// time delta can span idle gaps, some requests get no sample at all), so the profile tells which
// code ran, not for how long, and can miss a short call: profile several requests.
import { debuggerUrl, DevToolsSession } from "./inspector-memory";

interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
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

/**
 * Profiles the Worker while `action` runs (one request, to attribute what ran to it) and answers
 * what the samples show. One inspector client at a time: don't run beside another sampler.
 */
export async function profileIsolate(port: number, action: () => Promise<unknown>): Promise<IsolateSamples> {
  const session = await DevToolsSession.open(await debuggerUrl("127.0.0.1", port));
  try {
    const check = (reply: { error?: { message: string } } | undefined, what: string) => {
      if (!reply || reply.error) throw new Error(`${what}: ${reply?.error?.message ?? "no answer"}`);
      return reply as { result?: unknown };
    };
    check(await session.send("Profiler.enable"), "Profiler.enable");
    check(await session.send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US }), "Profiler.setSamplingInterval");
    check(await session.send("Profiler.start"), "Profiler.start");
    await action();
    const { profile } = check(await session.send("Profiler.stop"), "Profiler.stop").result as { profile: Profile };
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const bundle = profile.nodes.find((n) => /(^|\/)index\.js$/.test(n.callFrame.url))?.callFrame.scriptId;
    let classes: ReturnType<typeof durableObjectClasses> = [];
    if (bundle) {
      check(await session.send("Debugger.enable"), "Debugger.enable");
      const source = check(await session.send("Debugger.getScriptSource", { scriptId: bundle }), "Debugger.getScriptSource").result as { scriptSource: string };
      await session.send("Debugger.disable");
      classes = durableObjectClasses(source.scriptSource);
    }
    const classOf = (frame: CallFrame) => (frame.scriptId === bundle ? classes.find((c) => frame.lineNumber >= c.first && frame.lineNumber <= c.last)?.name : undefined);
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
  } finally {
    session.close();
  }
}
