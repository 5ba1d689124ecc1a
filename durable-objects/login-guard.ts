import { DurableObject } from "cloudflare:workers";
import { loginLimits, type LoginLimits } from "../src/auth/login-limits";
import type { Env } from "../src/env";

/** Admitted (an attempt id to settle), or refused for `retryAfter` seconds. */
export type LoginAttempt = { allowed: true; id: number } | { allowed: false; retryAfter: number };

/** Whose failures the instance's total limit counts: one user name's (from any client) or one client's (for any user name). */
export type GuardScope = "user" | "client";

/**
 * Failed logins of one user name (named `user:NAME`, counterparts are clients) or of one client
 * (`client:ADDRESS`, counterparts are user names), in a sliding window. An attempt is counted as a
 * failure as soon as it is admitted, so concurrent guesses can't all slip past the check; a
 * success takes it back and trusts its counterpart. Storage empties itself once everything expired.
 */
export class LoginGuardDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec("CREATE TABLE IF NOT EXISTS failure (id INTEGER PRIMARY KEY AUTOINCREMENT, counterpart TEXT NOT NULL, at INTEGER NOT NULL)");
    this.sql.exec("CREATE INDEX IF NOT EXISTS failure_counterpart ON failure (counterpart, at)");
    this.sql.exec("CREATE TABLE IF NOT EXISTS trusted (counterpart TEXT PRIMARY KEY, at INTEGER NOT NULL)");
  }

  /** Checks the pair limit, then (unless the counterpart is trusted) the scope's total limit, and counts the attempt. */
  async attempt(counterpart: string, scope: GuardScope): Promise<LoginAttempt> {
    const limits = loginLimits(this.env);
    const now = Date.now();
    this.prune(limits, now);
    const pair = this.times("WHERE counterpart = ?", counterpart);
    if (pair.length >= limits.pair) return refused(pair, limits.pair, limits, now);
    if (!this.isTrusted(counterpart)) {
      const total = this.times("");
      const limit = scope === "user" ? limits.user : limits.client;
      if (total.length >= limit) return refused(total, limit, limits, now);
    }
    const id = this.sql.exec<{ id: number }>("INSERT INTO failure (counterpart, at) VALUES (?, ?) RETURNING id", counterpart, now).one().id;
    await this.scheduleCleanup(limits);
    return { allowed: true, id };
  }

  /** Takes back an admitted attempt: a success also forgives the pair's failures and trusts the counterpart. */
  async settle(id: number, counterpart: string, succeeded: boolean): Promise<void> {
    this.sql.exec("DELETE FROM failure WHERE id = ?", id);
    if (!succeeded) return;
    this.sql.exec("DELETE FROM failure WHERE counterpart = ?", counterpart);
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

  private times(where: string, ...bindings: string[]): number[] {
    return this.sql.exec<{ at: number }>(`SELECT at FROM failure ${where} ORDER BY at`, ...bindings).toArray().map((row) => row.at);
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
  return { allowed: false, retryAfter: Math.max(1, Math.ceil((freesUp - now) / 1000)) };
}
