import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { sql } from "kysely";
import type { Deps } from "../../../src/deps.ts";
import { listFeedIncidentsWithoutCard, setIncidentCard } from "../../../src/features/incidents/incidents-repository.ts";
import { newIncident } from "../../support/incidents.ts";
import { openTestDeps } from "../../support/test-app.ts";
import { sqliteOnly } from "../../support/test-database.ts";

describe("the incidents repository", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
  });
  afterEach(() => close());

  it("lists feed incidents without a card, oldest first, with their models", async () => {
    const feed = (title: string) =>
      deps.incidents.create(newIncident({ title, source: "feed", reporter: "feed:status.example.com" }));
    const { incident: first } = await feed("First from a feed");
    const { incident: carded } = await feed("Carded from a feed");
    const { incident: third } = await feed("Third from a feed");
    await deps.incidents.create(newIncident({ title: "From a person" }));
    await setIncidentCard(deps.db, carded.id, { channel: "C1", ts: "1.1", url: null });
    const waiting = await listFeedIncidentsWithoutCard(deps.db, 10);
    assert.deepEqual(
      waiting.map((incident) => incident.id),
      [first.id, third.id],
    );
    assert.deepEqual(waiting[0]?.models, first.models);
    assert.deepEqual(
      (await listFeedIncidentsWithoutCard(deps.db, 1)).map((incident) => incident.id),
      [first.id],
    );
  });

  it(
    "finds them through the partial index, with the values bound as the repository binds them",
    sqliteOnly("SQLite's query plan"),
    async () => {
      const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
      SELECT id FROM incidents WHERE source = ${"feed"} AND card_ts IS NULL ORDER BY id LIMIT ${200}`.execute(deps.db);
      assert.match(plan.rows.map((row) => row.detail).join("\n"), /incidents_feed_without_card_idx/);
    },
  );
});
