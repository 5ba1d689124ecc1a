import type { Env } from "../env";

/** The UserDO of a user, created lazily by its first call. */
export function userStub(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}
