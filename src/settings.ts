/**
 * Numeric [vars] settings (wrangler.toml): unset or empty means the default; anything but a positive
 * number (a whole one, except for seconds) is a deployment error that names the setting.
 */
import type { Env } from "./env";

export type SettingUnit = "seconds" | "bytes" | "count";

const FORMS: Record<SettingUnit, { pattern: RegExp; described: string }> = {
  seconds: { pattern: /^\d+(\.\d+)?$/, described: "a positive number of seconds" },
  bytes: { pattern: /^\d+$/, described: "a positive number of bytes" },
  count: { pattern: /^\d+$/, described: "a positive whole number" },
};

export function numberSetting(env: Env, name: keyof Env, unit: SettingUnit, fallback: number): number {
  const configured = env[name];
  if (configured === undefined || configured === "") return fallback;
  const { pattern, described } = FORMS[unit];
  if (typeof configured !== "string" || !pattern.test(configured) || Number(configured) <= 0) {
    throw new Error(`${name} must be ${described}, not '${String(configured)}'`);
  }
  return Number(configured);
}
