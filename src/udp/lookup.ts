import type { UserProcess, UserProcessLookup } from "../engine";
import type { Env } from "../env";
import { userStub } from "../api/user-store";

/**
 * The engine's view of a user's stored processes, read from their UserDO. Make one per request:
 * each id is fetched once, however often an evaluation (or recursion) asks for it.
 */
export function storedProcesses(env: Env, userId: string): UserProcessLookup {
  const stub = userStub(env, userId);
  const cache = new Map<string, Promise<UserProcess | undefined>>();
  return (id) => {
    let found = cache.get(id);
    if (!found) {
      found = stub.getProcess(id).then((json) => (json === null ? undefined : (JSON.parse(json) as UserProcess)));
      cache.set(id, found);
    }
    return found;
  };
}

/** The stored processes as they will be once `process` is stored, so it may call itself. */
export function withProcess(lookup: UserProcessLookup, process: UserProcess): UserProcessLookup {
  return (id) => (id === process.id ? process : lookup(id));
}
