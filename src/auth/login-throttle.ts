/**
 * Login throttling, checked before any password hashing: failed logins are counted per user name
 * and per client in a LoginGuardDO each (see there and docs/limits.md).
 */
import type { GuardScope, LoginAttempt, LoginGuardDO, LoginOutcome } from "../../durable-objects/login-guard";
import type { Env } from "../env";
import { OpenEOError } from "../errors";

/** The client a login comes from, as Cloudflare saw it; an IPv6 client by its /64, which one subscriber usually holds whole. */
export function clientKey(address: string | undefined): string {
  const trimmed = address?.trim().toLowerCase().slice(0, 64);
  if (!trimmed) return "unknown";
  if (!trimmed.includes(":") || trimmed.includes(".")) return trimmed.slice(trimmed.lastIndexOf(":") + 1);
  const [head = "", tail] = trimmed.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** An admitted login: settle it once its password was checked. */
export interface AdmittedLogin {
  settle(outcome: "succeeded" | "failed"): Promise<void>;
}

/** How long a login waits, at most, for concurrent logins of its pair to be checked before it is refused. */
const BUSY_WAIT_MS = 5_000;
const BUSY_POLL_MS = 50;

/** Admits a login of `username` from `client`, or throws 429 TooManyRequests with Retry-After. */
export async function admitLogin(env: Env, username: string, client: string): Promise<AdmittedLogin> {
  const guards: { stub: DurableObjectStub<LoginGuardDO>; counterpart: string; scope: GuardScope }[] = [
    { stub: env.LOGIN_GUARD.get(env.LOGIN_GUARD.idFromName(`user:${username}`)), counterpart: client, scope: "user" },
    { stub: env.LOGIN_GUARD.get(env.LOGIN_GUARD.idFromName(`client:${client}`)), counterpart: username, scope: "client" },
  ];
  for (let waited = 0; ; waited += BUSY_POLL_MS) {
    const attempts: LoginAttempt[] = await Promise.all(guards.map((guard) => guard.stub.attempt(guard.counterpart, guard.scope)));
    const settle = async (outcome: LoginOutcome) => {
      await Promise.all(guards.map((guard, i) => {
        const attempt = attempts[i]!;
        return attempt.allowed ? guard.stub.settle(attempt.id, guard.counterpart, outcome) : undefined;
      }));
    };
    if (attempts.every((attempt) => attempt.allowed)) return { settle };
    // Refused without checking the password: what the other guard admitted was no attempt.
    await settle("released");
    const waits = attempts.map((attempt) => (attempt.allowed || attempt.busy ? 0 : attempt.retryAfter));
    if (waits.every((wait) => wait === 0) && waited < BUSY_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
      continue;
    }
    const seconds = Math.max(1, ...waits);
    throw new OpenEOError("TooManyRequests", { seconds }, { headers: { "Retry-After": String(seconds) } });
  }
}
