import { DurableObject } from "cloudflare:workers";
import { loginLimits, type LoginLimits } from "../src/auth/login-limits";
import type { Env } from "../src/env";

/**
 * Admitted (an attempt id to settle); busy, when only attempts still being checked stand in the way
 * (ask again shortly); or refused for `retryAfter` seconds.
 */
export type LoginAttempt = { allowed: true; id: number } | { allowed: false; busy: true } | { allowed: false; busy: false; retryAfter: number };

/** How an admitted attempt ended: its password was right or wrong, or it was never checked. */
export type LoginOutcome = "succeeded" | "failed" | "released";

/** An attempt unsettled for this long died with its request; it counts as a failure. */
const PENDING_MS = 30_000;

/** Whose failures the instance's total limit counts: one user name's (from any client) or one client's (for any user name). */
export type GuardScope = "user" | "client";

/**
 * Failed logins of one user name (named `user:NAME`, counterparts are clients) or of one client
 * (`client:ADDRESS`, counterparts are user names), in a sliding window. An admitted attempt is
 * pending until settled and takes a place under the limits meanwhile, so concurrent guesses can't
 * all slip past the check (and concurrent right logins wait for their turn instead of being
 * refused); a success takes it back, forgives the pair's failures and trusts its counterpart.
 * Storage empties itself once everything expired.
 */
export class LoginGuardDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS failure (
      id INTEGER PRIMARY KEY AUTOINCREMENT, counterpart TEXT NOT NULL, at INTEGER NOT NULL, pending INTEGER NOT NULL)`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS failure_counterpart ON failure (counterpart, at)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS trusted (counterpart TEXT PRIMARY KEY, at INTEGER NOT NULL)");
  }

  /** Checks the pair limit, then (unless the counterpart is trusted) the scope's total limit, and counts the attempt. */
  async attempt(counterpart: string, scope: GuardScope): Promise<LoginAttempt> {
    const limits = loginLimits(this.env);
    const now = Date.now();
    this.prune(limits, now);
    const checks = [{ where: "WHERE counterpart = ?", bindings: [counterpart], limit: limits.pair }];
    if (!this.isTrusted(counterpart)) checks.push({ where: "", bindings: [], limit: scope === "user" ? limits.user : limits.client });
    for (const { where, bindings, limit } of checks) {
      const rows = this.sql.exec<{ at: number; pending: number }>(`SELECT at, pending FROM failure ${where} ORDER BY at`, ...bindings).toArray();
      const failures = rows.filter((row) => !row.pending || row.at <= now - PENDING_MS).map((row) => row.at);
      if (failures.length >= limit) return refused(failures, limit, limits, now);
      if (rows.length >= limit) return { allowed: false, busy: true };
    }
    const id = this.sql.exec<{ id: number }>("INSERT INTO failure (counterpart, at, pending) VALUES (?, ?, 1) RETURNING id", counterpart, now).one().id;
    await this.scheduleCleanup(limits);
    return { allowed: true, id };
  }

  /** Ends an admitted attempt: a failure stays counted; a success also forgives the pair's failures and trusts the counterpart. */
  async settle(id: number, counterpart: string, outcome: LoginOutcome): Promise<void> {
    if (outcome === "failed") {
      this.sql.exec("UPDATE failure SET pending = 0 WHERE id = ?", id);
      return;
    }
    this.sql.exec("DELETE FROM failure WHERE id = ?", id);
    if (outcome === "released") return;
    this.sql.exec("DELETE FROM failure WHERE counterpart = ? AND pending = 0", counterpart);
    this.sql.exec("INSERT OR REPLACE INTO trusted (counterpart, at) VALUES (?, ?)", counterpart, Date.now());
    await this.scheduleCleanup(loginLimits(this.env));
  }

  /** Drops what expired; an instance left with nothing keeps no storage (user names and clients come and go). */
  override async alarm(): Promise<void> {
    const limits = loginLimits(this.env);
    this.prune(limits, Date.now());
    if (await this.scheduleCleanup(limits)) return;
    await this.ctx.storage.deleteAll();
    this.createTables();
  }

  private isTrusted(counterpart: string): boolean {
    return this.sql.exec("SELECT 1 FROM trusted WHERE counterpart = ?", counterpart).toArray().length > 0;
  }

  private prune(limits: LoginLimits, now: number): void {
    this.sql.exec("DELETE FROM failure WHERE at <= ?", now - limits.windowSeconds * 1000);
    this.sql.exec("DELETE FROM trusted WHERE at <= ?", now - limits.trustSeconds * 1000);
  }

  /** An alarm for when the oldest entry expires; false when nothing is kept. */
  private async scheduleCleanup(limits: LoginLimits): Promise<boolean> {
    const failure = this.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM failure").one().at;
    const trusted = this.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM trusted").one().at;
    const expiries = [failure === null ? [] : [failure + limits.windowSeconds * 1000], trusted === null ? [] : [trusted + limits.trustSeconds * 1000]].flat();
    if (expiries.length === 0) return false;
    await this.ctx.storage.setAlarm(Math.min(...expiries));
    return true;
  }
}

/** Refused until enough of `times` (ascending) leave the window to bring them under `limit`. */
function refused(times: number[], limit: number, limits: LoginLimits, now: number): LoginAttempt {
  const freesUp = times[times.length - limit]! + limits.windowSeconds * 1000;
  return { allowed: false, busy: false, retryAfter: Math.max(1, Math.ceil((freesUp - now) / 1000)) };
}
