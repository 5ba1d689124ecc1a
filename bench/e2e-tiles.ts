// The tile cases of bench/e2e.ts: per zoom, a warm tile (another tile, headers cached) and the same
// tile again (a cache hit), cold tiles at 0 and 50 ms; and the first tile after the Worker starts,
// rendered or cached.
import { cpuMs, workerProcess } from "./e2e-cpu";
import { profileIsolate, type IsolateSamples } from "./inspector-profile";
import { median } from "./memory";
import { startGdal } from "./e2e-gdal";
import { medianOrNull, ratioGoal, type Goal, type Row } from "./e2e-report";
import { disjointTiles } from "./e2e-scene";
import { progress, tileBounds, type E2eSession } from "./e2e-session";
import type { Fetched } from "./e2e-worker";

const workerRenderMs = (f: Fetched) => f.timings.find((t) => t.name === "render")?.dur;
const timingText = (f: Fetched) => f.timings.map((t) => `${t.name}${t.dur === undefined ? "" : `;dur=${t.dur}`}${t.desc ? `;desc="${t.desc}"` : ""}`).join(", ");

/**
 * The issue's goal for a cache hit: at most 3 ms of Worker time and no Durable Object read. The
 * Worker's time is its Server-Timing (a `total`, `cache` or `hit` duration) when every hit carries
 * one, else the CPU time its workerd process spent a hit (an upper bound: it includes workerd's
 * own handling of the request, shown by a 404's); a Durable Object read is one whose
 * class's code a CPU profile of a hit saw (a MISS whatever the time). Profiles can miss a short
 * read, so "none seen" is not proof.
 */
export function cacheHitGoal(timings: string[], profiles: IsolateSamples[], cpu: { hit: number; nothing: number }): Goal {
  const durations = timings.map((t) => [...t.matchAll(/(?:^|, )(?:total|cache|hit)[^,]*?;dur=([\d.]+)/g)].map((m) => Number(m[1]))[0]);
  const reported = durations.length > 0 && durations.every((d) => d !== undefined);
  const workerMs = reported ? median(durations as number[]) : cpu.hit;
  const withDo = profiles.filter((p) => p.durableObject > 0);
  const classes = [...new Set(withDo.flatMap((p) => p.durableObjects))].join(", ");
  const sampled = profiles.filter((p) => p.busy > 0).length;
  return {
    text: "Worker ≤ 3 ms, no Durable Object read",
    value: withDo.length ? Infinity : workerMs,
    limit: 3,
    shown: `Worker ${workerMs.toFixed(1)} ms (${reported ? "Server-Timing" : `workerd CPU, a 404 ${cpu.nothing.toFixed(1)} ms`}); ${withDo.length ? `${classes} ran in ${withDo.length} of ${profiles.length} profiled hits` : `no Durable Object seen in ${profiles.length} profiled hits (${sampled} with samples)`}`,
  };
}

/** Requests of cached tiles timed together for the Worker's CPU a hit: /proc counts in 10 ms steps. */
const CPU_HITS = 40;

/** The Worker process's CPU time a request, over CPU_HITS requests one after the other. */
async function cpuPerRequest(session: E2eSession, request: (i: number) => Promise<unknown>): Promise<number> {
  const pid = workerProcess(session.workerGroup);
  const before = cpuMs(pid);
  for (let i = 0; i < CPU_HITS; i++) await request(i);
  return (cpuMs(pid) - before) / CPU_HITS;
}

/** The rows of one zoom, and our warm tiles' times (the first tile after a start is judged against them). */
export async function tileCases(session: E2eSession, z: number): Promise<{ rows: Row[]; warm: number[] }> {
  const { client, gdal, raw } = session;
  // Tiles that share no source tile: "another tile" finds nothing but headers cached.
  const tiles = disjointTiles(session.scene, z, session.runs + 1);
  if (tiles.length < 2) {
    progress(`z${z}: fewer than 2 tiles without shared source tiles inside the scene; skipped`);
    return { rows: [], warm: [] };
  }
  progress(`z${z}: ${tiles.length - 1} warm runs`);
  const job = (i: number, latency: number, clear: boolean) => ({ op: "tile", urls: session.urls(latency), bounds: tileBounds(tiles[i]!), clear }) as const;
  const warm: Row = { case: `tile z${z}, warm (another tile, header cached), 0 ms`, unit: "ms", ours: [], gdal: [] };
  const hit: Row = { case: `tile z${z}, same tile again (cache hit), 0 ms`, unit: "ms", ours: [], gdal: [] };
  const service = await client.createNdviService(session.freshItem(0));
  session.checked(`z${z} priming tile`, await client.tile(service, tiles[0]!));
  await gdal?.run(job(0, 0, true));
  const hitTimings: string[] = [];
  const pngBytes = { ours: [] as number[], gdal: [] as number[] };
  const renderMs: number[] = [];
  for (let i = 1; i < tiles.length; i++) {
    const run = i - 1;
    const [ours, theirs] = await session.pair(
      run,
      async () => {
        const first = session.checked(`z${z} warm tile`, await client.tile(service, tiles[i]!));
        const again = session.checked(`z${z} cached tile`, await client.tile(service, tiles[i]!));
        return [first, again] as const;
      },
      gdal ? async () => [await gdal.run(job(i, 0, false)), await gdal.run(job(i, 0, false))] as const : undefined,
    );
    warm.ours.push(ours[0].ms);
    hit.ours.push(ours[1].ms);
    pngBytes.ours.push(ours[0].bytes);
    const rendered = workerRenderMs(ours[0]);
    if (rendered !== undefined) renderMs.push(rendered);
    hitTimings.push(timingText(ours[1]));
    if (theirs) {
      warm.gdal.push(theirs[0].ms);
      hit.gdal.push(theirs[1].ms);
      pngBytes.gdal.push(theirs[0].bytes);
    }
    raw[`z${z} warm run ${run}`] = { tile: tiles[i], ours, gdal: theirs };
  }
  warm.goal = ratioGoal(warm, 0.8);
  warm.note = `PNG bytes median: ours ${medianOrNull(pngBytes.ours)}, GDAL ${medianOrNull(pngBytes.gdal)}; the Worker's render time (Server-Timing) median ${medianOrNull(renderMs)} ms`;
  // Each cached tile once more, profiled: does a hit run Durable Object code?
  const profiles: IsolateSamples[] = [];
  for (let i = 1; i < tiles.length; i++) {
    profiles.push(await profileIsolate(session.inspectorPort, async () => session.checked(`z${z} profiled cached tile`, await client.tile(service, tiles[i]!))));
  }
  raw[`z${z} profiled hits`] = profiles;
  const cached = tiles.slice(1);
  const cpu = await cpuPerRequest(session, async (i) => session.checked(`z${z} cached tile (CPU)`, await client.tile(service, cached[i % cached.length]!)));
  const cpuNothing = await cpuPerRequest(session, () => client.nothing());
  hit.goal = cacheHitGoal(hitTimings, profiles, { hit: cpu, nothing: cpuNothing });
  hit.note = `Server-Timing of the hits: ${[...new Set(hitTimings)].map((t) => t || "(none)").join(" | ")}; the CPU time of the Worker's workerd process a hit ${cpu.toFixed(2)} ms, a request it answers at once (an unknown path, 404) ${cpuNothing.toFixed(2)} ms (${CPU_HITS} requests each)`;
  const rows = [warm, hit];

  for (const latency of [0, 50]) {
    const cold: Row = { case: `tile z${z}, cold, ${latency} ms`, unit: "ms", ours: [], gdal: [] };
    for (let run = 0; run < session.runs; run++) {
      const fresh = await client.createNdviService(session.freshItem(latency));
      const [ours, theirs] = await session.pair(
        run,
        async () => session.checked(`z${z} cold tile at ${latency} ms`, await client.tile(fresh, tiles[0]!)),
        session.gdalRun(job(0, latency, true)),
      );
      cold.ours.push(ours.ms);
      if (theirs) cold.gdal.push(theirs.ms);
      raw[`z${z} cold ${latency} ms run ${run}`] = { ours, gdal: theirs };
    }
    if (latency === 50) cold.goal = ratioGoal(cold, 0.6);
    rows.push(cold);
  }
  return { rows, warm: warm.ours };
}

/**
 * The first tile after the Worker starts, against our warm tiles of that zoom: services made first,
 * then per run a restarted Worker whose first request is a tile of one of them. GDAL's: the first
 * tile of a new process (timed inside it, after the interpreter started).
 */
export async function firstTileCase(session: E2eSession, z: number, warm: number[]): Promise<Row> {
  const tile = disjointTiles(session.scene, z, 1)[0]!;
  const services: string[] = [];
  for (let run = 0; run < session.runs; run++) services.push(await session.client.createNdviService(session.freshItem(0)));
  const row: Row = { case: `tile z${z}, first after the Worker starts (GDAL: first in a new process), 0 ms`, unit: "ms", ours: [], gdal: [] };
  for (const [run, service] of services.entries()) {
    progress(`first tile after a start, run ${run + 1} of ${session.runs}`);
    await session.restartWorker();
    row.ours.push(session.checked("first tile after a start", await session.client.tile(service, tile)).ms);
    if (session.gdal) {
      const fresh = startGdal();
      row.gdal.push((await fresh.run({ op: "tile", urls: session.urls(0), bounds: tileBounds(tile), clear: true })).ms);
      await fresh.close();
    }
  }
  const [first, warmMedian] = [medianOrNull(row.ours), medianOrNull(warm)];
  const ratio = first === null || warmMedian === null ? null : first / warmMedian;
  row.goal = { text: `≤ 1.5× our warm tile z${z}`, value: ratio, limit: 1.5, ...(ratio === null ? {} : { shown: `${ratio.toFixed(2)}× warm` }) };
  return row;
}

/** Restarts for each variant of the cached first tile: each takes seconds. */
const CACHED_FIRST_RUNS = 3;

/**
 * The first tile after a start that the Cache API holds (the tiles of firstTileCase, rendered
 * before the restart): by the url the service gives (naming its version: found before the service's
 * record is read) and by the url without the version (the record is read first, from its Durable
 * Object). A hit is known by the missing render timing.
 */
export async function cachedFirstTileCase(session: E2eSession, z: number): Promise<Row> {
  const tile = disjointTiles(session.scene, z, 1)[0]!;
  const services: string[] = [];
  for (let run = 0; run < CACHED_FIRST_RUNS; run++) {
    const service = await session.client.createNdviService(session.freshItem(0));
    session.checked("tile to cache", await session.client.tile(service, tile));
    services.push(service);
  }
  const row: Row = { case: `tile z${z}, first after the Worker starts, in the Cache API, by the service's url, 0 ms`, unit: "ms", ours: [], gdal: [] };
  const unversioned: number[] = [];
  let rendered = 0;
  for (const [run, service] of services.entries()) {
    for (const bare of [false, true]) {
      progress(`cached first tile after a start, run ${run + 1} of ${CACHED_FIRST_RUNS}${bare ? ", without the version" : ""}`);
      await session.restartWorker();
      const answer = session.checked("cached first tile after a start", await session.client.tile(service, tile, { unversioned: bare }));
      if (answer.timings.some((t) => t.name === "render")) rendered++;
      (bare ? unversioned : row.ours).push(answer.ms);
    }
  }
  row.note = `the same tiles by the url without the version (the service's record read first): ${medianOrNull(unversioned)?.toFixed(1) ?? "-"} ms; ${rendered ? `${rendered} of ${2 * CACHED_FIRST_RUNS} were rendered, not found in the Cache API` : "all found in the Cache API"}`;
  return row;
}
