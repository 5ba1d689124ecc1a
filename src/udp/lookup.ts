import type { UserProcess, UserProcessLookup } from "../engine";
import type { Env } from "../env";
import { ExpiringCache } from "../expiring-cache";
import { userStub } from "../api/user-store";

/**
 * What the tiles of services found of their owners' stored processes: every id of a service's
 * graph is looked up as a user-defined process first (openEO's resolution order), which cost each
 * rendered tile a Durable Object call per process. A process stored or changed through another
 * isolate is seen at most this late, like the service's own record (services/service-store.ts).
 */
const TILE_USER_PROCESS_TTL_MS = 10_000;
export const tileUserProcesses = new ExpiringCache<UserProcess | null>({ ttlMs: TILE_USER_PROCESS_TTL_MS, maxSize: 4 * 2 ** 20 });

const sharedKey = (userId: string, id: string) => `${userId}\u0000${id}`;

/**
 * Counts changes made through this isolate: a lookup under way while one is made may have read the
 * process as it was, so what it found is not kept.
 */
let changes = 0;

/** After a process was stored or deleted through this isolate: its tiles see the change at once. */
export function forgetStoredProcess(userId: string, id: string): void {
  changes++;
  tileUserProcesses.delete(sharedKey(userId, id));
}

/**
 * The engine's view of a user's stored processes, read from their UserDO. Make one per request:
 * each id is fetched once, however often an evaluation (or recursion) asks for it. With `shared`,
 * answers (a stored process, or null for none) are also kept across requests of the isolate.
 */
export function storedProcesses(env: Env, userId: string, shared?: ExpiringCache<UserProcess | null>): UserProcessLookup {
  const stub = userStub(env, userId);
  const cache = new Map<string, Promise<UserProcess | undefined>>();
  return (id) => {
    let found = cache.get(id);
    if (!found) {
      const key = sharedKey(userId, id);
      const known = shared?.get(key);
      const changesBefore = changes;
      found =
        known !== undefined
          ? Promise.resolve(known ?? undefined)
          : stub.getProcess(id).then((json) => {
              const process = json === null ? null : (JSON.parse(json) as UserProcess);
              if (changes === changesBefore) shared?.set(key, process, json?.length ?? 1);
              return process ?? undefined;
            });
      cache.set(id, found);
    }
    return found;
  };
}

/** The stored processes as they will be once `process` is stored, so it may call itself. */
export function withProcess(lookup: UserProcessLookup, process: UserProcess): UserProcessLookup {
  return (id) => (id === process.id ? process : lookup(id));
}
