import { DurableObject } from "cloudflare:workers";
import { userStub } from "../src/api/user-store";
import type { Env } from "../src/env";
import type { LogEntry, LogLevel } from "../src/jobs/log-entry";
import type { ServiceSummary } from "../src/services/service-summary";
import type { XyzConfiguration } from "../src/tiles/configuration";
import type { EstimatedRange } from "../src/tiles/value-range";
import { LogTable, type LogQuery, type NewLogEntry } from "./log-table";

/* eslint-disable @typescript-eslint/no-explicit-any -- recursive JSON types defeat RPC type inference */

/** What the user chose for a service (POST /services, PATCH /services/{id}). */
export interface ServiceMetadata {
  title: string | null;
  description: string | null;
  /** The process as stored; validated by the API before it gets here. */
  process: Record<string, any>;
  enabled: boolean;
  /** With its defaults filled in. */
  configuration: XyzConfiguration;
  plan: string | null;
  budget: number | null;
  log_level: LogLevel;
  /** Back-end specific properties of the request, kept as given. */
  extra: Record<string, any>;
}

export interface ServiceRecord extends ServiceMetadata {
  id: string;
  user_id: string;
  type: "XYZ";
  created: string;
  updated: string;
  /** Counts changes: tiles rendered for an older version are stale (their cache keys and ETags carry it). */
  version: number;
  /** The value range estimated for a version (tiles/value-range.ts); stale once the version moves on. */
  value_range?: EstimatedRange;
}

/** The same error on every tile is logged once a minute, and the log keeps the newest entries only. */
const REPEAT_AFTER_MS = 60_000;
const MAX_LOG_ENTRIES = 1000;

function summaryOf(service: ServiceRecord): ServiceSummary {
  const { id, type, title, description, enabled, created, updated } = service;
  return { id, type, title, description, enabled, created, updated, costs: null };
}

/**
 * One per secondary web service: its record and log in SQLite. The public tile route reads the
 * record here by the service's unguessable id; the owner's UserDO keeps a summary for listings.
 */
export class ServiceDO extends DurableObject<Env> {
  private readonly logTable: LogTable;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.logTable = new LogTable(ctx.storage.sql);
    this.createTables();
  }

  /** Also after the storage was wiped, so later calls find no service. */
  private createTables(): void {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS service (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    this.logTable.create();
  }

  async create(init: Omit<ServiceRecord, "created" | "updated" | "version">): Promise<ServiceRecord> {
    if (this.find()) throw new Error(`service ${init.id} exists already`);
    const now = new Date().toISOString();
    const service: ServiceRecord = { ...init, created: now, updated: now, version: 1 };
    await this.save(service);
    return service;
  }

  /** Null when no service was created in this object (errors do not keep their type across RPC). */
  get(): ServiceRecord | null {
    return this.find() ?? null;
  }

  /** Applies the owner's changes; false when the service does not exist. */
  async update(patch: Partial<ServiceMetadata>): Promise<boolean> {
    const service = this.find();
    if (!service) return false;
    await this.save({ ...service, ...patch, updated: new Date().toISOString(), version: service.version + 1 });
    return true;
  }

  /** Keeps the value range estimated for `estimate.version`, unless the service changed meanwhile; not a change itself. */
  recordRange(estimate: EstimatedRange): void {
    const service = this.find();
    if (!service || service.version !== estimate.version) return;
    this.ctx.storage.sql.exec("UPDATE service SET record = ? WHERE id = ?", JSON.stringify({ ...service, value_range: estimate }), service.id);
  }

  /**
   * Forgets the service, its log and its index entry. Its tiles stop rendering at once in the isolate
   * that deleted it and within SERVICE_RECORD_TTL_MS in others; copies already cached stay until
   * they expire (src/api/service-tiles.ts).
   */
  async destroy(): Promise<void> {
    const service = this.find();
    await this.ctx.storage.deleteAll();
    this.createTables();
    if (service) await userStub(this.env, service.user_id).removeService(service.id);
  }

  /** Keeps the entries at or above the service's log level, skipping what was logged in the last minute. */
  log(...entries: NewLogEntry[]): void {
    const service = this.find();
    if (!service) return;
    const since = new Date(Date.now() - REPEAT_AFTER_MS).toISOString();
    // One at a time, so a repeat within the same call is seen too.
    for (const entry of entries) if (!this.logTable.seenSince(entry, since)) this.logTable.add([entry], service.log_level);
    this.logTable.keepNewest(MAX_LOG_ENTRIES);
  }

  logs(options: LogQuery = {}): LogEntry[] {
    return this.logTable.list(options);
  }

  private async save(service: ServiceRecord): Promise<void> {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO service (id, record) VALUES (?, ?)", service.id, JSON.stringify(service));
    await userStub(this.env, service.user_id).putService(summaryOf(service), service.version);
  }

  private find(): ServiceRecord | undefined {
    const row = this.ctx.storage.sql.exec<{ record: string }>("SELECT record FROM service").toArray()[0];
    return row ? (JSON.parse(row.record) as ServiceRecord) : undefined;
  }
}
