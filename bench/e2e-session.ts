// What every case of bench/e2e.ts works with: the scene, the range server, our Worker (restartable
// on the same state) and its client, GDAL's process, and the runs' bookkeeping.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startLocalWorker, type LocalWorker } from "../scripts/local-worker.mjs";
import type { BBox } from "../src/raster/grid";
import { tileGrid, type TileAddress } from "../src/tiles/tile-grid";
import { SYNTHETIC_DIR } from "./datasets";
import { startGdal, type GdalAnswer, type GdalJob, type GdalProcess } from "./e2e-gdal";
import { ITEMS_DIR, openScene, writeItem, type Scene } from "./e2e-scene";
import { WorkerClient, type Fetched } from "./e2e-worker";
import { startRangeServer, type RangeServer } from "./server";

export const progress = (message: string) => process.stderr.write(`${message}\n`);

export const tileBounds = (tile: TileAddress): BBox => tileGrid(tile, 256).bbox;

export class E2eSession {
  /** Requests of ours that did not answer 200, for the report. */
  readonly failures: string[] = [];
  /** Every run's measurements by case, for e2e-results.json. */
  readonly raw: Record<string, unknown> = {};
  private items = 0;

  private constructor(
    readonly runs: number,
    readonly scene: Scene,
    readonly server: RangeServer,
    readonly gdal: GdalProcess | undefined,
    private readonly state: string,
    private readonly port: number,
    private worker: LocalWorker,
    private inspector: number,
    readonly client: WorkerClient,
  ) {}

  static async open(options: { runs: number; port: number; gdal: boolean }): Promise<E2eSession> {
    const scene = openScene();
    const server = await startRangeServer({ synthetic: SYNTHETIC_DIR, e2e: ITEMS_DIR });
    const gdal = options.gdal ? startGdal() : undefined;
    const state = mkdtempSync(join(tmpdir(), "openeo-edge-e2e-"));
    try {
      const { worker, inspector } = await E2eSession.startWorker(state, options.port, server);
      return new E2eSession(options.runs, scene, server, gdal, state, options.port, worker, inspector, await WorkerClient.login(worker.url));
    } catch (error) {
      server.close();
      await gdal?.close();
      rmSync(state, { recursive: true, force: true });
      throw error;
    }
  }

  /** The Worker may read the range server's loopback host, which it refuses to user URLs by default. */
  private static async startWorker(state: string, port: number, server: RangeServer): Promise<{ worker: LocalWorker; inspector: number }> {
    const inspector = await freePort();
    const vars = { REMOTE_PRIVATE_HOSTS: new URL(server.base).hostname, ...(process.env.BENCH_KEEP ? { SYNC_KEEP_TILES_BYTES: process.env.BENCH_KEEP } : {}) };
    return { worker: await startLocalWorker({ timeoutMs: 180_000, persistTo: state, port, inspectorPort: inspector, vars }), inspector };
  }

  /** wrangler dev's process group: the Worker's processes. */
  get workerGroup(): number {
    return this.worker.pid;
  }

  /** wrangler dev's inspector port of the running Worker. */
  get inspectorPort(): number {
    return this.inspector;
  }

  /**
   * A new Worker on the same state and port: a new workerd process with nothing cached, whose first
   * request is the caller's (the client's token stays valid: it is signed, not stored).
   */
  async restartWorker(): Promise<void> {
    await this.worker.stop();
    ({ worker: this.worker, inspector: this.inspector } = await E2eSession.startWorker(this.state, this.port, this.server));
  }

  /** The URL of a STAC Item no Worker has read before: new URLs for the Item and its assets (the server ignores the query). */
  freshItem(latency: number): string {
    const name = `item${++this.items}-${latency}ms`;
    const file = writeItem(this.scene, name, (key) => `${this.server.url(latency, key)}?item=${this.items}`);
    return this.server.url(latency, `e2e/${file}`);
  }

  /** The bands' URLs at a latency, as GDAL reads them. */
  urls(latency: number): string[] {
    return this.scene.keys.map((key) => this.server.url(latency, key));
  }

  checked(what: string, fetched: Fetched): Fetched {
    if (fetched.status !== 200 || fetched.error) this.failures.push(`${what}: HTTP ${fetched.status} ${fetched.error ?? ""}`.trim());
    return fetched;
  }

  gdalRun(job: GdalJob): (() => Promise<GdalAnswer>) | undefined {
    const gdal = this.gdal;
    return gdal ? () => gdal.run(job) : undefined;
  }

  /** Ours and GDAL's job of one run, one after the other, which goes first alternating with the run. */
  async pair<T, U = GdalAnswer>(run: number, ours: () => Promise<T>, theirs: (() => Promise<U>) | undefined): Promise<[T, U | undefined]> {
    if (run % 2 === 0) {
      const a = await ours();
      return [a, await theirs?.()];
    }
    const b = await theirs?.();
    return [await ours(), b];
  }

  async close(): Promise<void> {
    await this.worker.stop();
    await this.gdal?.close();
    this.server.close();
    rmSync(this.state, { recursive: true, force: true });
  }
}
