/**
 * [vars] settings (wrangler.toml) that are numbers or lists of hostnames: unset or empty means the
 * default; a value of the wrong form is a deployment error that names the setting.
 */
import type { Env } from "./env";
import { listedHostname } from "./net/remote-url";

export type SettingUnit = "seconds" | "bytes" | "count";

const FORMS: Record<SettingUnit, { pattern: RegExp; described: string }> = {
  seconds: { pattern: /^\d+(\.\d+)?$/, described: "a positive number of seconds" },
  bytes: { pattern: /^\d+$/, described: "a positive number of bytes" },
  count: { pattern: /^\d+$/, described: "a positive whole number" },
};

/** Anything but a positive number (a whole one, except for seconds) is refused. */
export function numberSetting(env: Env, name: keyof Env, unit: SettingUnit, fallback: number): number {
  const configured = env[name];
  if (configured === undefined || configured === "") return fallback;
  const { pattern, described } = FORMS[unit];
  if (typeof configured !== "string" || !pattern.test(configured) || Number(configured) <= 0) {
    throw new Error(`${name} must be ${described}, not '${String(configured)}'`);
  }
  return Number(configured);
}

const NO_HOSTS: ReadonlySet<string> = new Set();

/** Host lists by setting and value: every run (every tile) asks, and the value only changes with a deployment. */
const parsedHostLists = new Map<string, ReadonlySet<string>>();

/** Comma-separated hostnames, each as URLs write it (lower case, IPv6 in brackets); none when unset or empty. */
export function hostListSetting(env: Env, name: keyof Env): ReadonlySet<string> {
  const configured = env[name];
  if (configured === undefined || configured === "") return NO_HOSTS;
  if (typeof configured !== "string") throw new Error(`${name} must be a comma-separated list of hostnames`);
  const key = `${name}\u0000${configured}`;
  let hosts = parsedHostLists.get(key);
  if (!hosts) {
    hosts = parseHostList(name, configured);
    parsedHostLists.set(key, hosts);
  }
  return hosts;
}

function parseHostList(name: keyof Env, configured: string): ReadonlySet<string> {
  const hosts = new Set<string>();
  for (const entry of configured.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    const hostname = listedHostname(entry);
    if (hostname === undefined) throw new Error(`${name} must list bare hostnames (no scheme, port, path or wildcard), not '${entry}'`);
    hosts.add(hostname);
  }
  return hosts;
}
