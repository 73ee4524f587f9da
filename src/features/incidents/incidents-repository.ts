import { type Selectable, type SelectQueryBuilder, sql, type Transaction } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Database, IncidentTable } from "../../db/database.ts";
import { isPostgres } from "../../db/dialect.ts";
import {
  type Incident,
  type IncidentEvent,
  type IncidentSource,
  type IncidentStatus,
  type IncidentType,
  incidentKey,
  type NewIncident,
  OPEN_STATUSES,
  type Severity,
} from "./incident.ts";

type Executor = Db | Transaction<Database>;

function toIncident(row: Selectable<IncidentTable>, models: string[]): Incident {
  return {
    id: row.id,
    key: incidentKey(row.id),
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    models,
    type: row.type as IncidentType,
    severity: row.severity as Severity,
    status: row.status as IncidentStatus,
    title: row.title,
    description: row.description,
    impact: row.impact,
    startedAt: row.started_at,
    reporter: row.reporter,
    source: row.source as IncidentSource,
    sourceChannel: row.source_channel,
    sourceTs: row.source_ts,
    sourceUrl: row.source_url,
    cardChannel: row.card_channel,
    cardTs: row.card_ts,
    cardUrl: row.card_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/**
 * Incidents with their models. `ids` is a subquery (or one id) naming the
 * same incidents as `rows`, so the statement binds the filter's values
 * rather than one parameter per incident.
 */
async function withModels(
  db: Executor,
  rows: Selectable<IncidentTable>[],
  ids: number | SelectQueryBuilder<Database, "incidents", { id: number }>,
): Promise<Incident[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom("incident_models")
    .select(["incident_id", "model_id"])
    .where("incident_id", typeof ids === "number" ? "=" : "in", ids)
    .orderBy("incident_id")
    .orderBy("position")
    .execute();
  const byIncident = new Map<number, string[]>();
  for (const link of links) {
    const list = byIncident.get(link.incident_id) ?? [];
    list.push(link.model_id);
    byIncident.set(link.incident_id, list);
  }
  return rows.map((row) => toIncident(row, byIncident.get(row.id) ?? []));
}

/** Inserts the incident, its models and its "created" event in one transaction. */
export async function insertIncident(
  trx: Transaction<Database>,
  incident: NewIncident & { vendorName: string },
  at: string,
) {
  const row = await trx
    .insertInto("incidents")
    .values({
      vendor_id: incident.vendorId,
      vendor_name: incident.vendorName,
      type: incident.type,
      severity: incident.severity,
      status: "open",
      title: incident.title,
      description: incident.description,
      impact: incident.impact,
      started_at: incident.startedAt,
      reporter: incident.reporter,
      source: incident.source,
      source_channel: incident.sourceChannel,
      source_ts: incident.sourceTs,
      source_url: incident.sourceUrl,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (incident.models.length > 0) {
    await trx
      .insertInto("incident_models")
      .values(incident.models.map((model_id, position) => ({ incident_id: row.id, model_id, position })))
      .execute();
  }
  await appendEvent(trx, {
    incidentId: row.id,
    at,
    actor: incident.reporter,
    kind: "created",
    oldValue: null,
    newValue: "open",
    note: incident.title,
  });
  return row.id;
}

export async function addIncidentModels(db: Executor, incidentId: number, modelIds: readonly string[]): Promise<void> {
  const existing = await db
    .selectFrom("incident_models")
    .select((eb) => eb.fn.count<number>("model_id").as("n"))
    .where("incident_id", "=", incidentId)
    .executeTakeFirstOrThrow();
  const start = Number(existing.n);
  await db
    .insertInto("incident_models")
    .values(modelIds.map((model_id, index) => ({ incident_id: incidentId, model_id, position: start + index })))
    .onConflict((oc) => oc.columns(["incident_id", "model_id"]).doNothing())
    .execute();
}

export async function appendEvent(db: Executor, event: Omit<IncidentEvent, "id">): Promise<void> {
  await db
    .insertInto("incident_events")
    .values({
      incident_id: event.incidentId,
      at: event.at,
      actor: event.actor,
      kind: event.kind,
      old_value: event.oldValue,
      new_value: event.newValue,
      note: event.note,
    })
    .execute();
}

export async function findIncident(db: Executor, id: number): Promise<Incident | null> {
  const row = await db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? ((await withModels(db, [row], row.id))[0] ?? null) : null;
}

export async function findIncidentBySourceMessage(db: Executor, channel: string, ts: string): Promise<Incident | null> {
  const row = await db
    .selectFrom("incidents")
    .selectAll()
    .where("source_channel", "=", channel)
    .where("source_ts", "=", ts)
    .executeTakeFirst();
  return row ? ((await withModels(db, [row], row.id))[0] ?? null) : null;
}

/** The incident a thread belongs to: started from its root message, or carrying its card there. */
export async function findIncidentByThread(db: Executor, channel: string, threadTs: string): Promise<Incident | null> {
  const row = await db
    .selectFrom("incidents")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("source_channel", "=", channel), eb("source_ts", "=", threadTs)]),
        eb.and([eb("card_channel", "=", channel), eb("card_ts", "=", threadTs)]),
      ]),
    )
    .orderBy("id")
    .executeTakeFirst();
  return row ? ((await withModels(db, [row], row.id))[0] ?? null) : null;
}

export interface IncidentFilter {
  openOnly?: boolean;
  vendorId?: string;
  since?: string;
  limit?: number;
  /** Keyset paging: only incidents older (lower id) than this one. */
  beforeId?: number;
}

function filtered(db: Executor, filter: IncidentFilter) {
  let query = db.selectFrom("incidents");
  if (filter.openOnly) query = query.where("status", "in", OPEN_STATUSES);
  if (filter.vendorId) query = query.where("vendor_id", "=", filter.vendorId);
  if (filter.since) query = query.where("started_at", ">=", filter.since);
  if (filter.beforeId !== undefined) query = query.where("id", "<", filter.beforeId);
  return query;
}

/** Newest first; `limit` and `beforeId` page through any number of incidents by their id. */
export async function listIncidents(db: Executor, filter: IncidentFilter = {}): Promise<Incident[]> {
  const page = (query: ReturnType<typeof filtered>) => {
    const ordered = query.orderBy("id", "desc");
    return filter.limit ? ordered.limit(filter.limit) : ordered;
  };
  const rows = await page(filtered(db, filter)).selectAll().execute();
  return withModels(db, rows, page(filtered(db, filter)).select("id"));
}

/** Feed incidents with no card yet, oldest first; `incidents_feed_without_card_idx` keeps this off a scan. */
export async function listFeedIncidentsWithoutCard(db: Executor, limit: number): Promise<Incident[]> {
  const page = () =>
    db
      .selectFrom("incidents")
      .where("source", "=", "feed")
      .where("card_ts", "is", null)
      .orderBy("id", "asc")
      .limit(limit);
  const rows = await page().selectAll().execute();
  return withModels(db, rows, page().select("id"));
}

export async function countIncidents(db: Executor, filter: IncidentFilter = {}): Promise<number> {
  const { limit: _limit, ...unlimited } = filter;
  const row = await filtered(db, unlimited)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateIncidentFields(
  db: Executor,
  id: number,
  fields: {
    status?: IncidentStatus;
    severity?: Severity;
    title?: string;
    resolvedAt?: string | null;
    updatedAt: string;
  },
): Promise<void> {
  await db
    .updateTable("incidents")
    .set({
      ...(fields.status ? { status: fields.status } : {}),
      ...(fields.severity ? { severity: fields.severity } : {}),
      ...(fields.title ? { title: fields.title } : {}),
      ...(fields.resolvedAt !== undefined ? { resolved_at: fields.resolvedAt } : {}),
      updated_at: fields.updatedAt,
    })
    .where("id", "=", id)
    .execute();
}

export async function setIncidentCard(
  db: Executor,
  id: number,
  card: { channel: string; ts: string; url: string | null },
): Promise<void> {
  await db
    .updateTable("incidents")
    .set({ card_channel: card.channel, card_ts: card.ts, card_url: card.url })
    .where("id", "=", id)
    .execute();
}

function toEvent(row: Selectable<Database["incident_events"]>): IncidentEvent {
  return {
    id: row.id,
    incidentId: row.incident_id,
    at: row.at,
    actor: row.actor,
    kind: row.kind as IncidentEvent["kind"],
    oldValue: row.old_value,
    newValue: row.new_value,
    note: row.note,
  };
}

export async function listEvents(db: Executor, incidentId: number): Promise<IncidentEvent[]> {
  const rows = await db
    .selectFrom("incident_events")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .orderBy("id")
    .execute();
  return rows.map(toEvent);
}

/** The timelines of incidents `minId` to `maxId`, by incident: one statement for a whole page of an export. */
export async function listEventsBetween(
  db: Executor,
  minId: number,
  maxId: number,
): Promise<Map<number, IncidentEvent[]>> {
  const rows = await db
    .selectFrom("incident_events")
    .selectAll()
    .where("incident_id", ">=", minId)
    .where("incident_id", "<=", maxId)
    .orderBy("incident_id")
    .orderBy("id")
    .execute();
  const byIncident = new Map<number, IncidentEvent[]>();
  for (const row of rows) {
    const list = byIncident.get(row.incident_id) ?? [];
    list.push(toEvent(row));
    byIncident.set(row.incident_id, list);
  }
  return byIncident;
}

/** Models named by open suspension incidents, and vendors suspended as a whole (no model named). */
export async function findOpenSuspensions(db: Executor): Promise<{ models: string[]; vendors: string[] }> {
  const rows = await db
    .selectFrom("incidents")
    .leftJoin("incident_models", "incident_models.incident_id", "incidents.id")
    .select(["incidents.vendor_id", "incident_models.model_id"])
    .where("incidents.status", "in", OPEN_STATUSES)
    .where("incidents.type", "=", "suspension")
    .execute();
  return {
    models: rows.flatMap((row) => (row.model_id ? [row.model_id] : [])),
    vendors: rows.flatMap((row) => (row.model_id === null && row.vendor_id ? [row.vendor_id] : [])),
  };
}

/**
 * A number that changes whenever another connection (the CLI, a second bot)
 * commits a write: a cache of incident state compares it to notice their
 * writes. SQLite counts commits itself; on PostgreSQL triggers count changes
 * to incidents and their models (migration 2026-12-02-016).
 */
export async function findDataVersion(db: Executor): Promise<number> {
  if (isPostgres(db)) {
    const row = await db
      .selectFrom("state_versions")
      .select("version")
      .where("name", "=", "incidents")
      .executeTakeFirst();
    return row?.version ?? 0;
  }
  const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
  return rows[0]?.data_version ?? 0;
}

export async function countIncidentsSince(db: Executor, since: string) {
  return db
    .selectFrom("incidents")
    .select(["vendor_name", "type", (eb) => eb.fn.countAll<number>().as("count")])
    .where("started_at", ">=", since)
    .groupBy(["vendor_name", "type"])
    .orderBy("vendor_name")
    .execute();
}

export async function countIncidentsByStatus(db: Executor): Promise<{ status: string; count: number }[]> {
  const rows = await db
    .selectFrom("incidents")
    .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export async function findChannelSuggestSetting(db: Executor, channel: string): Promise<boolean> {
  const row = await db
    .selectFrom("channel_settings")
    .select("suggest_incidents")
    .where("channel_id", "=", channel)
    .executeTakeFirst();
  return row ? row.suggest_incidents === 1 : true;
}

export async function saveChannelSuggestSetting(db: Executor, channel: string, on: boolean, by: string, at: string) {
  const values = { suggest_incidents: on ? 1 : 0, updated_by: by, updated_at: at };
  await db
    .insertInto("channel_settings")
    .values({ channel_id: channel, ...values })
    .onConflict((oc) => oc.column("channel_id").doUpdateSet(values))
    .execute();
}

/** True the first time for a thread; false once a suggestion was made there. */
export async function claimSuggestion(db: Executor, channel: string, threadTs: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto("incident_suggestions")
    .values({ channel_id: channel, thread_ts: threadTs, suggested_at: at })
    .onConflict((oc) => oc.columns(["channel_id", "thread_ts"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
