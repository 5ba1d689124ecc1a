// npm run bench:e2e-profile: where the Worker's time goes in bench:e2e's slow cases, from a V8 CPU
// profile of its isolate through wrangler dev's inspector: warm tiles (headers cached, another
// tile) at one zoom, and synchronous NDVI GTiffs of one size, over the same synthetic scene and
// loopback range server as bench:e2e (0 ms). Prints, per request, the wall time a client waited
// and the time the isolate was busy, then the functions with the most self and total time.
// No GDAL: bench:e2e is the comparison; this says what to work on.
import { writeFileSync } from "node:fs";
import { captureProfile, profileTimes, type Profile } from "./inspector-profile";
import { centredWindow, disjointTiles } from "./e2e-scene";
import { E2eSession, progress } from "./e2e-session";

const ZOOM = Number(process.env.BENCH_ZOOM ?? 13);
const TILES = Number(process.env.BENCH_TILES ?? 20);
const SYNC_SIZE = Number(process.env.BENCH_SYNC_SIZE ?? 1024);
const SYNC_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 3);
const TOP = Number(process.env.BENCH_TOP ?? 25);

/** A profile of the isolate while `action` runs (it answers the wall time it measured); the bundle saved with BENCH_SOURCE. */
async function profiled(port: number, action: () => Promise<number>): Promise<{ wall: number; profile: Profile }> {
  const { result: wall, profile, bundle } = await captureProfile(port, action, { intervalUs: 100, bundle: Boolean(process.env.BENCH_SOURCE) });
  if (bundle) writeFileSync(process.env.BENCH_SOURCE!, bundle);
  return { wall, profile };
}

function report(title: string, count: number, wall: number, profile: Profile) {
  const { busy, self, total, callers } = profileTimes(profile);
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
