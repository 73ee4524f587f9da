import type { Selectable } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { FeedStateTable } from "../../db/database.ts";
import type { KnownFeedIncident } from "./statuspage-rules.ts";

export type FeedState = Selectable<FeedStateTable>;

/** The state of a feed never polled: due at once, with nothing to revalidate. */
export function unpolledFeedState(feed: { url: string; vendorId: string; kind: string }): FeedState {
  return {
    url: feed.url,
    vendor_id: feed.vendorId,
    kind: feed.kind,
    etag: null,
    last_modified: null,
    initialized: 0,
    watching_since: null,
    last_polled_at: null,
    last_success_at: null,
    consecutive_failures: 0,
    next_poll_at: null,
    last_error: null,
  };
}

export async function findFeedState(db: Db, url: string): Promise<FeedState | null> {
  return (await db.selectFrom("feed_state").selectAll().where("url", "=", url).executeTakeFirst()) ?? null;
}

export async function saveFeedState(db: Db, state: FeedState): Promise<void> {
  const { url, ...rest } = state;
  await db
    .insertInto("feed_state")
    .values(state)
    .onConflict((oc) => oc.column("url").doUpdateSet(rest))
    .execute();
}

export async function listFeedStates(db: Db): Promise<FeedState[]> {
  return db.selectFrom("feed_state").selectAll().orderBy("url").execute();
}

/**
 * What was seen on any of a vendor's status pages, old addresses included:
 * a page that moves (status.anthropic.com to status.claude.com) keeps its
 * incident ids, so its open incidents are followed, not logged again. An
 * incident seen at several addresses is merged: the newest record, with
 * every update seen at any of them.
 */
export async function findKnownFeedIncidents(
  db: Db,
  page: { vendorId: string; currentUrl: string },
): Promise<Map<string, KnownFeedIncident>> {
  const rows = await db
    .selectFrom("feed_incidents")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("feed_url", "=", page.currentUrl),
        eb(
          "feed_url",
          "in",
          eb
            .selectFrom("feed_state")
            .select("url")
            .where("vendor_id", "=", page.vendorId)
            .where("kind", "=", "statuspage"),
        ),
      ]),
    )
    .orderBy("last_seen_at")
    .orderBy("first_seen_at")
    .execute();
  const known = new Map<string, KnownFeedIncident>();
  for (const row of rows) {
    const seenUpdates = JSON.parse(row.seen_updates) as string[];
    const older = known.get(row.external_id);
    known.set(row.external_id, {
      feedUrl: row.feed_url,
      externalId: row.external_id,
      incidentId: row.incident_id ?? older?.incidentId ?? null,
      status: row.status,
      impact: row.impact,
      name: row.name,
      seenUpdates: older ? [...new Set([...older.seenUpdates, ...seenUpdates])] : seenUpdates,
    });
  }
  return known;
}

export async function saveFeedIncident(
  db: Db,
  feedUrl: string,
  known: Omit<KnownFeedIncident, "feedUrl">,
  at: string,
): Promise<void> {
  const values = {
    incident_id: known.incidentId,
    status: known.status,
    impact: known.impact,
    name: known.name,
    seen_updates: JSON.stringify(known.seenUpdates),
    last_seen_at: at,
  };
  await db
    .insertInto("feed_incidents")
    .values({ feed_url: feedUrl, external_id: known.externalId, first_seen_at: at, ...values })
    .onConflict((oc) => oc.columns(["feed_url", "external_id"]).doUpdateSet(values))
    .execute();
}

export async function findFeedRetirement(db: Db, sourceUrl: string, modelId: string) {
  return db
    .selectFrom("feed_retirements")
    .selectAll()
    .where("source_url", "=", sourceUrl)
    .where("model_id", "=", modelId)
    .executeTakeFirst();
}

export async function saveFeedRetirement(
  db: Db,
  row: { sourceUrl: string; modelId: string; retiresOn: string; incidentId: number | null; at: string },
): Promise<void> {
  const values = { retires_on: row.retiresOn, incident_id: row.incidentId, seen_at: row.at };
  await db
    .insertInto("feed_retirements")
    .values({ source_url: row.sourceUrl, model_id: row.modelId, ...values })
    .onConflict((oc) => oc.columns(["source_url", "model_id"]).doUpdateSet(values))
    .execute();
}
