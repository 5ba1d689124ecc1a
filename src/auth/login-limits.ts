import type { Env } from "../env";
import { numberSetting } from "../settings";

/** How many failed logins are let through, per LOGIN_WINDOW_SECONDS; see docs/limits.md. */
export interface LoginLimits {
  windowSeconds: number;
  /** Failures of one user name from one client. */
  pair: number;
  /** Failures of one user name from all clients that have not logged in as it within trustSeconds. */
  user: number;
  /** Failures of one client across all user names it has not logged in as within trustSeconds. */
  client: number;
  /** How long a successful login exempts its (user name, client) pair from the user and client limits. */
  trustSeconds: number;
}

const DEFAULTS: LoginLimits = { windowSeconds: 15 * 60, pair: 5, user: 50, client: 20, trustSeconds: 30 * 24 * 60 * 60 };

const SETTINGS: Record<keyof LoginLimits, keyof Env> = {
  windowSeconds: "LOGIN_WINDOW_SECONDS",
  pair: "LOGIN_PAIR_FAILURES",
  user: "LOGIN_USER_FAILURES",
  client: "LOGIN_CLIENT_FAILURES",
  trustSeconds: "LOGIN_TRUST_SECONDS",
};

/** The configured limits, each a positive whole number or its default. */
export function loginLimits(env: Env): LoginLimits {
  const limits = { ...DEFAULTS };
  for (const [key, name] of Object.entries(SETTINGS) as [keyof LoginLimits, keyof Env][]) limits[key] = numberSetting(env, name, "count", DEFAULTS[key]);
  return limits;
}
