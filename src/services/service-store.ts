import type { ServiceRecord } from "../../durable-objects/service";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { ExpiringCache } from "../expiring-cache";
import type { EstimatedRange } from "../tiles/value-range";
import { isRandomUuid } from "../uuid";

/** The ServiceDO of a service id; ids are unguessable and unique across users. */
export function serviceStub(env: Env, serviceId: string) {
  return env.SERVICES.get(env.SERVICES.idFromName(serviceId));
}

/** Reads of service records from their Durable Objects in this isolate: what the record cache saves. */
export const serviceReads = { count: 0 };

/** A service's record, or null; typed as the plain record it is (the RPC wrapper's type is too deep to compare). */
export async function readService(stub: ReturnType<typeof serviceStub>): Promise<ServiceRecord | null> {
  serviceReads.count++;
  return (await stub.get()) as unknown as ServiceRecord | null;
}

/**
 * How long the tiles and map page of a service use the record this isolate last read (or found
 * missing). A change made through this isolate is seen at once (forgetService); one made through
 * another isolate at most this late. Tiles already rendered are another matter: their copies in
 * the caches (and browsers') stay what their url names until they expire (service-tiles.ts).
 */
const SERVICE_RECORD_TTL_MS = 10_000;
/**
 * Records hold their process graph: a few hundred services' worth is well below a Worker's memory.
 * Promises, so that the tiles a map asks for at once share one read.
 */
const servingRecords = new ExpiringCache<Promise<ServiceRecord | null>>({ ttlMs: SERVICE_RECORD_TTL_MS, maxSize: 256 });

/**
 * Services whose record a tile url's newer version had read again lately: once a second at most, so
 * that urls naming versions to come (anyone may send them) can't have every tile read the record.
 */
const forcedReads = new ExpiringCache<true>({ ttlMs: 1000, maxSize: 256 });

/** After a change or deletion through this isolate: the next tile reads the record anew. */
export function forgetService(serviceId: string): void {
  servingRecords.delete(serviceId);
}

/** The range just stored for the record's version joins this isolate's copy, so its tiles don't estimate again. */
export async function noteEstimate(serviceId: string, estimate: EstimatedRange): Promise<void> {
  const kept = servingRecords.get(serviceId);
  const service = await kept?.catch(() => null);
  if (service && service.version === estimate.version) servingRecords.replace(serviceId, Promise.resolve({ ...service, value_range: estimate }));
}

/** A user's service; another user's, like a missing one, is ServiceNotFound. */
export async function ownService(env: Env, userId: string, serviceId: string) {
  if (!isRandomUuid(serviceId)) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  const stub = serviceStub(env, serviceId);
  const service = await readService(stub);
  if (!service || service.user_id !== userId) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  return { stub, service };
}

/**
 * A service that serves tiles to anyone holding its URL: it exists and is enabled (as of
 * SERVICE_RECORD_TTL_MS ago at most). A tile url naming a newer version than this isolate's copy
 * (`atLeast`: the service changed through another isolate) has the record read again.
 */
export async function servingService(env: Env, serviceId: string, { atLeast = 0 } = {}) {
  // Service ids are random UUIDs: another id reads no Durable Object and takes no place in the copies.
  if (!isRandomUuid(serviceId)) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  let service = await keptRecord(env, serviceId);
  if (service && service.version < atLeast && !forcedReads.get(serviceId)) {
    forcedReads.set(serviceId, true);
    forgetService(serviceId);
    service = await keptRecord(env, serviceId);
  }
  if (!service || !service.enabled) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  return { service };
}

function keptRecord(env: Env, serviceId: string): Promise<ServiceRecord | null> {
  let reading = servingRecords.get(serviceId);
  if (!reading) {
    reading = readService(serviceStub(env, serviceId));
    servingRecords.set(serviceId, reading);
    // A failed read is not kept: the next tile tries again.
    const own = reading;
    own.catch(() => servingRecords.get(serviceId) === own && servingRecords.delete(serviceId));
  }
  return reading;
}
