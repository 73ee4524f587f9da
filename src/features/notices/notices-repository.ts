import type { Selectable, Transaction } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Database, NoticeDeliveryTable, NoticeTable } from "../../db/database.ts";
import type { Delivery, DeliveryState, Notice, NoticePurpose, PlannedDelivery, TargetKind } from "./notice.ts";

type Executor = Db | Transaction<Database>;

function toNotice(row: Selectable<NoticeTable>): Notice {
  return {
    id: row.id,
    kind: row.kind as Notice["kind"],
    incidentId: row.incident_id,
    modelId: row.model_id,
    thresholdDays: row.threshold_days,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
  };
}

function toDelivery(row: Selectable<NoticeDeliveryTable>): Delivery {
  return {
    id: row.id,
    noticeId: row.notice_id,
    purpose: row.purpose as NoticePurpose,
    parentId: row.parent_id,
    targetKind: row.target_kind as TargetKind,
    target: row.target,
    systemIds: JSON.parse(row.system_ids) as string[],
    detail: row.detail,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    channel: row.channel,
    ts: row.ts,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

export async function findNoticeByKey(db: Executor, dedupeKey: string): Promise<Notice | null> {
  const row = await db.selectFrom("notices").selectAll().where("dedupe_key", "=", dedupeKey).executeTakeFirst();
  return row ? toNotice(row) : null;
}

export async function findNotice(db: Executor, id: number): Promise<Notice | null> {
  const row = await db.selectFrom("notices").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toNotice(row) : null;
}

export async function insertNotice(
  trx: Transaction<Database>,
  notice: Omit<Notice, "id"> & { dedupeKey: string },
): Promise<number> {
  const row = await trx
    .insertInto("notices")
    .values({
      dedupe_key: notice.dedupeKey,
      kind: notice.kind,
      incident_id: notice.incidentId,
      model_id: notice.modelId,
      threshold_days: notice.thresholdDays,
      decided_at: notice.decidedAt,
      decided_by: notice.decidedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewDelivery extends PlannedDelivery {
  noticeId: number;
  dedupeKey: string;
  purpose: NoticePurpose;
  parentId: number | null;
  detail: string | null;
  notBefore: string;
}

/** Queues deliveries; one already queued under the same dedupe key is left as it is. */
export async function insertDeliveries(db: Executor, deliveries: readonly NewDelivery[], at: string): Promise<number> {
  let inserted = 0;
  for (const delivery of deliveries) {
    const result = await db
      .insertInto("notice_deliveries")
      .values({
        notice_id: delivery.noticeId,
        dedupe_key: delivery.dedupeKey,
        purpose: delivery.purpose,
        parent_id: delivery.parentId,
        target_kind: delivery.targetKind,
        target: delivery.target,
        system_ids: JSON.stringify(delivery.systemIds),
        detail: delivery.detail,
        state: "pending",
        attempts: 0,
        next_attempt_at: delivery.notBefore,
        created_at: at,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function listDeliveries(db: Executor, noticeId: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom("notice_deliveries")
    .selectAll()
    .where("notice_id", "=", noticeId)
    .orderBy("id")
    .execute();
  return rows.map(toDelivery);
}

export async function findDelivery(db: Executor, id: number): Promise<Delivery | null> {
  const row = await db.selectFrom("notice_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/** Pending deliveries that are due, oldest first; `noticeIds` limits them to those notices'. */
export async function findDueDeliveries(
  db: Executor,
  now: string,
  limit: number,
  noticeIds?: readonly number[],
): Promise<Delivery[]> {
  let query = db
    .selectFrom("notice_deliveries")
    .selectAll()
    .where("state", "=", "pending")
    .where("next_attempt_at", "<=", now);
  if (noticeIds) query = query.where("notice_id", "in", noticeIdList(noticeIds));
  const rows = await query.orderBy("next_attempt_at").orderBy("id").limit(limit).execute();
  return rows.map(toDelivery);
}

/** Deliveries whose sender died while sending: their outcome is unknown. */
export async function findAbandonedDeliveries(
  db: Executor,
  now: string,
  noticeIds?: readonly number[],
): Promise<Delivery[]> {
  let query = db
    .selectFrom("notice_deliveries")
    .selectAll()
    .where("state", "=", "sending")
    .where("lease_until", "<", now);
  if (noticeIds) query = query.where("notice_id", "in", noticeIdList(noticeIds));
  const rows = await query.orderBy("id").execute();
  return rows.map(toDelivery);
}

export async function countOpenDeliveries(db: Executor, noticeIds?: readonly number[]): Promise<number> {
  let query = db
    .selectFrom("notice_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("state", "in", ["pending", "sending"]);
  if (noticeIds) query = query.where("notice_id", "in", noticeIdList(noticeIds));
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function countDeliveriesByState(db: Executor): Promise<{ state: string; count: number }[]> {
  const rows = await db
    .selectFrom("notice_deliveries")
    .select(["state", (eb) => eb.fn.countAll<number>().as("count")])
    .groupBy("state")
    .execute();
  return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
}

/** A sender's hold on a delivery it is sending; every change it makes is conditional on it. */
export interface Lease {
  owner: string;
  until: string;
}

/** Takes a pending delivery for sending; false when another sender already took it. */
export async function claimDelivery(db: Executor, id: number, lease: Lease): Promise<boolean> {
  const result = await db
    .updateTable("notice_deliveries")
    .set((eb) => ({
      state: "sending",
      lease_until: lease.until,
      lease_owner: lease.owner,
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "=", id)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes over a delivery whose sender's lease ran out; false when another sender got there first. */
export async function takeOverAbandoned(db: Executor, id: number, now: string, lease: Lease): Promise<boolean> {
  const result = await db
    .updateTable("notice_deliveries")
    .set({ lease_until: lease.until, lease_owner: lease.owner })
    .where("id", "=", id)
    .where("state", "=", "sending")
    .where("lease_until", "<", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the lease if the sender still holds it; false when it was taken over. */
export async function renewLease(db: Executor, id: number, lease: Lease): Promise<boolean> {
  const result = await db
    .updateTable("notice_deliveries")
    .set({ lease_until: lease.until })
    .where("id", "=", id)
    .where("state", "=", "sending")
    .where("lease_owner", "=", lease.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Only the holder of the lease may change a delivery it is sending. */
function heldBy(db: Executor, id: number, owner: string) {
  return db
    .updateTable("notice_deliveries")
    .where("id", "=", id)
    .where("state", "=", "sending")
    .where("lease_owner", "=", owner);
}

export async function recordDeliveryChannel(db: Executor, id: number, owner: string, channel: string): Promise<void> {
  await heldBy(db, id, owner).set({ channel }).execute();
}

export async function markDeliverySent(
  db: Executor,
  id: number,
  owner: string,
  sent: { channel: string; ts: string; at: string },
): Promise<void> {
  await heldBy(db, id, owner)
    .set({
      state: "sent",
      channel: sent.channel,
      ts: sent.ts,
      sent_at: sent.at,
      lease_until: null,
      lease_owner: null,
      last_error: null,
    })
    .execute();
}

/** Keeps a delivery whose outcome is unknown out of the queue until it can be looked up in Slack. */
export async function holdForRecheck(db: Executor, id: number, owner: string, until: string, error: string) {
  await heldBy(db, id, owner).set({ lease_until: until, lease_owner: null, last_error: error }).execute();
}

export async function rescheduleDelivery(
  db: Executor,
  id: number,
  owner: string,
  retry: { at: string; error: string | null; refundAttempt: boolean },
): Promise<void> {
  await heldBy(db, id, owner)
    .set((eb) => ({
      state: "pending",
      next_attempt_at: retry.at,
      lease_until: null,
      lease_owner: null,
      last_error: retry.error,
      ...(retry.refundAttempt ? { attempts: eb("attempts", "-", 1) } : {}),
    }))
    .execute();
}

export async function markDeliveryFailed(db: Executor, id: number, owner: string, error: string): Promise<void> {
  await heldBy(db, id, owner)
    .set({ state: "failed", last_error: error, lease_until: null, lease_owner: null })
    .execute();
}

/**
 * A notice's failure summaries already taken for sending (or sent): a new
 * failure then needs a new summary, while a pending one still gathers it.
 */
export async function countFailureSummariesTaken(db: Executor, noticeId: number): Promise<number> {
  const row = await db
    .selectFrom("notice_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("notice_id", "=", noticeId)
    .where("purpose", "=", "failure_report")
    .where("state", "!=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deliveries of a notice that were given up on, for its failure summary. */
export async function listFailedDeliveries(db: Executor, noticeId: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom("notice_deliveries")
    .selectAll()
    .where("notice_id", "=", noticeId)
    .where("state", "=", "failed")
    .where("purpose", "!=", "failure_report")
    .orderBy("id")
    .execute();
  return rows.map(toDelivery);
}

/** Owner notices sent before `sentBefore` that have no reminder yet. */
export async function findOwnerNoticesWithoutReminder(db: Executor, sentBefore: string): Promise<Delivery[]> {
  const rows = await db
    .selectFrom("notice_deliveries as d")
    .selectAll("d")
    .where("d.purpose", "=", "notice")
    .where("d.target_kind", "=", "owner")
    .where("d.state", "=", "sent")
    .where("d.sent_at", "<", sentBefore)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("notice_deliveries as r")
            .select("r.id")
            .whereRef("r.parent_id", "=", "d.id")
            .where("r.purpose", "=", "reminder"),
        ),
      ),
    )
    .execute();
  return rows.map(toDelivery);
}

export async function insertAck(db: Executor, ack: { noticeId: number; systemId: string; userId: string; at: string }) {
  const result = await db
    .insertInto("notice_acks")
    .values({ notice_id: ack.noticeId, system_id: ack.systemId, user_id: ack.userId, at: ack.at })
    .onConflict((oc) => oc.columns(["notice_id", "system_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listAcks(db: Executor, noticeId: number) {
  return db.selectFrom("notice_acks").selectAll().where("notice_id", "=", noticeId).execute();
}

export async function listIncidentNotices(db: Executor, incidentId: number): Promise<Notice[]> {
  const rows = await db.selectFrom("notices").selectAll().where("incident_id", "=", incidentId).execute();
  return rows.map(toNotice);
}

/** `IN ()` is an SQL error, so an empty list becomes one no notice has. */
function noticeIdList(ids: readonly number[]): number[] {
  return ids.length > 0 ? [...ids] : [-1];
}
