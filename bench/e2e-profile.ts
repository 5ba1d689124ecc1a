// npm run bench:e2e-profile: where the Worker's time goes in bench:e2e's slow cases, from a V8 CPU
// profile of its isolate through wrangler dev's inspector: warm tiles (headers cached, another
// tile) at one zoom, and synchronous NDVI GTiffs of one size, over the same synthetic scene and
// loopback range server as bench:e2e (0 ms). Prints, per request, the wall time a client waited
// and the time the isolate was busy, then the functions with the most self and total time.
// No GDAL: bench:e2e is the comparison; this says what to work on.
import { writeFileSync } from "node:fs";
import { DevToolsSession, debuggerUrl } from "./inspector-memory";
import { centredWindow, disjointTiles } from "./e2e-scene";
import { E2eSession, progress } from "./e2e-session";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; scriptId: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ZOOM = Number(process.env.BENCH_ZOOM ?? 13);
const TILES = Number(process.env.BENCH_TILES ?? 20);
const SYNC_SIZE = Number(process.env.BENCH_SYNC_SIZE ?? 1024);
const SYNC_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 3);
const TOP = Number(process.env.BENCH_TOP ?? 25);

async function profiled(port: number, action: () => Promise<number>): Promise<{ wall: number; profile: Profile }> {
  const session = await DevToolsSession.open(await debuggerUrl("127.0.0.1", port));
  try {
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 100 });
    await session.send("Profiler.start");
    const wall = await action();
    const reply = (await session.send("Profiler.stop")) as { result?: { profile: Profile } } | undefined;
    if (!reply?.result) throw new Error("Profiler.stop gave no profile");
    if (process.env.BENCH_SOURCE) await saveBundle(session, reply.result.profile, process.env.BENCH_SOURCE);
    return { wall, profile: reply.result.profile };
  } finally {
    session.close();
  }
}

/** Writes the Worker's bundle as the isolate runs it, to look the profile's line numbers up. */
async function saveBundle(session: DevToolsSession, profile: Profile, file: string): Promise<void> {
  const scriptId = profile.nodes.find((n) => /(^|\/)index\.js$/.test(n.callFrame.url))?.callFrame.scriptId;
  if (!scriptId) return;
  await session.send("Debugger.enable");
  const reply = (await session.send("Debugger.getScriptSource", { scriptId })) as { result?: { scriptSource: string } } | undefined;
  if (reply?.result) writeFileSync(file, reply.result.scriptSource);
  await session.send("Debugger.disable");
}

const nameOf = (frame: ProfileNode["callFrame"]) => `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;

/** Busy milliseconds, and self and total (inclusive, once per stack) milliseconds per function. */
function summarise(profile: Profile) {
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

function report(title: string, count: number, wall: number, profile: Profile) {
  const { busy, self, total, callers } = summarise(profile);
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, ms]) => `${(ms / count).toFixed(2).padStart(7)}  ${name}`)
      .join("\n");
  console.log(`\n## ${title}: ${count} requests, wall ${(wall / count).toFixed(1)} ms a request, isolate busy ${(busy / count).toFixed(1)} ms\n`);
  console.log(`self ms a request:\n${top(self)}\n\ntotal ms a request:\n${top(total)}`);
  // Native and anonymous code by the bundle's function that called it.
  for (const [name] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    if (/index\.js:/.test(name) && !name.startsWith("(anonymous)")) continue;
    const byCaller = [...(callers.get(name) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`\n${name}, by caller: ${byCaller.map(([caller, ms]) => `${caller} ${(ms / count).toFixed(2)}`).join("; ")}`);
  }
}

const session = await E2eSession.open({ runs: TILES, port: Number(process.env.BENCH_PORT ?? 8805), gdal: false });
try {
  const tiles = disjointTiles(session.scene, ZOOM, TILES + 1);
  const service = await session.client.createNdviService(session.freshItem(0));
  session.checked("priming tile", await session.client.tile(service, tiles[0]!));
  progress(`z${ZOOM}: ${tiles.length - 1} warm tiles, profiled`);
  const warm = await profiled(session.inspectorPort, async () => {
    let wall = 0;
    for (const tile of tiles.slice(1)) wall += session.checked("warm tile", await session.client.tile(service, tile)).ms;
    return wall;
  });
  report(`warm tiles z${ZOOM}`, tiles.length - 1, warm.wall, warm.profile);

  const { bbox } = centredWindow(session.scene, SYNC_SIZE);
  session.checked("priming sync", await session.client.ndviGtiff(session.freshItem(0), bbox, session.scene.epsg));
  progress(`sync ${SYNC_SIZE}²: ${SYNC_RUNS} runs, profiled`);
  const sync = await profiled(session.inspectorPort, async () => {
    let wall = 0;
    for (let run = 0; run < SYNC_RUNS; run++) wall += session.checked("sync", await session.client.ndviGtiff(session.freshItem(0), bbox, session.scene.epsg)).ms;
    return wall;
  });
  report(`sync NDVI GTiff ${SYNC_SIZE}²`, SYNC_RUNS, sync.wall, sync.profile);
  if (process.env.BENCH_FIRST !== "0") {
    const services = [];
    for (let i = 0; i < 3; i++) services.push(await session.client.createNdviService(session.freshItem(0)));
    for (const [i, service] of services.entries()) {
      await session.restartWorker();
      progress(`first tile after a start, ${i + 1} of ${services.length}, profiled`);
      const first = await profiled(session.inspectorPort, async () => session.checked("first tile", await session.client.tile(service, tiles[1]!)).ms);
      report(`first tile z${ZOOM} after the Worker started (${i + 1})`, 1, first.wall, first.profile);
    }
  }
  if (session.failures.length) console.log(`\nfailures: ${session.failures.join("; ")}`);
} finally {
  await session.close();
}
