/**
 * The value range of a service's current version (tiles/value-range.ts): stored in its record once
 * estimated, else estimated now with a tile's budgets and stored. Concurrent first tiles of a
 * version in one isolate share one estimate.
 */
import type { ServiceRecord } from "../../durable-objects/service";
import { userCatalog } from "../catalog/user-catalog";
import type { Env } from "../env";
import { RunLog } from "../execution/run-log";
import { runEnvironment } from "../execution/sync";
import { estimateRange } from "../tiles/range-estimate";
import { needsEstimate, type EstimatedRange } from "../tiles/value-range";
import { serviceBounds, WORLD } from "./service-extent";
import { noteEstimate, serviceStub } from "./service-store";

const pending = new Map<string, Promise<EstimatedRange>>();

/** The estimate the tiles of the service's version use; undefined when its configuration needs none. */
export function serviceEstimate(env: Env, service: ServiceRecord, apiBase: string): Promise<EstimatedRange | undefined> {
  if (!needsEstimate(service.configuration)) return Promise.resolve(undefined);
  if (service.value_range?.version === service.version) return Promise.resolve(service.value_range);
  const key = `${service.id}/${service.version}`;
  let estimate = pending.get(key);
  if (!estimate) {
    estimate = estimated(env, service, apiBase).finally(() => pending.delete(key));
    pending.set(key, estimate);
  }
  return estimate;
}

async function estimated(env: Env, service: ServiceRecord, apiBase: string): Promise<EstimatedRange> {
  try {
    const bounds = await serviceBounds(service.process, userCatalog(env, service.user_id));
    // Whatever the read logs is the tiles' business: they log it themselves when it goes wrong for them too.
    const log = new RunLog("error");
    const { engineEnv, data } = runEnvironment({ env, userId: service.user_id, apiBase }, "tile");
    const estimate = bounds.every((v, i) => v === WORLD[i])
      ? { version: service.version, min: null, max: null, reason: "the service's process loads no collection with a known extent" }
      : { version: service.version, ...(await estimateRange(service.process, bounds, engineEnv, data, log)) };
    await serviceStub(env, service.id).recordRange(estimate);
    await noteEstimate(service.id, estimate);
    return estimate;
  } catch (error) {
    // Not stored: the next tile tries again.
    console.error(`value range of service ${service.id} version ${service.version} failed`, error);
    return { version: service.version, min: null, max: null, reason: "the estimate failed unexpectedly" };
  }
}
