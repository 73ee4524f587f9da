import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../../src/config.ts";
import { openDatabase } from "../../../src/db/connection.ts";
import type { Deps } from "../../../src/deps.ts";
import { NEXT_PAGE_ACTION } from "../../../src/features/incidents/incident-blocks.ts";
import { openDeps } from "../../../src/main.ts";
import { newIncident } from "../../support/incidents.ts";
import { runCliInProcess } from "../../support/run-cli.ts";
import { seedIncidents } from "../../support/seed-incidents.ts";
import { startTestApp, type TestApp, tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

/** More incidents than SQLite's 32,766 bound parameters: a query binding one per incident fails. */
const MANY = 33_500;

describe("incidents at a large company's size", () => {
  const { dir, cleanup } = tempDir();
  const database = testDatabaseEnv(dir);
  let deps: Deps;
  before(async () => {
    deps = await openDeps(loadConfig({ ...database, LOG_LEVEL: "warn" }), { writeLog: () => {} });
  });
  after(async () => {
    await deps.db.destroy();
    cleanup();
  });

  it("sees open suspensions change with writes from this process and from another one", async () => {
    const model = "anthropic/claude-mythos-5";
    assert.equal((await deps.incidents.suspendedModelIds()).has(model), false);
    const { incident } = await deps.incidents.create(newIncident({ models: [model] }));
    const suspended = await deps.incidents.suspendedModelIds();
    assert.equal(suspended.has(model), true);
    assert.equal(await deps.incidents.suspendedModelIds(), suspended, "unchanged state is read from the cache");

    await deps.incidents.changeStatus(incident.id, "resolved", { id: "cli:test", requireLead: false });
    assert.equal((await deps.incidents.suspendedModelIds()).has(model), false);

    // The CLI reopening it writes through its own connection.
    const other = await openDatabase(loadConfig(database).database);
    try {
      await other.updateTable("incidents").set({ status: "open" }).where("id", "=", incident.id).execute();
    } finally {
      await other.destroy();
    }
    assert.equal((await deps.incidents.suspendedModelIds()).has(model), true);
  });

  it("lists, counts and exports more incidents than SQLite binds parameters, in batches", async () => {
    await seedIncidents(deps.db, MANY, { models: 1_000 });
    const total = MANY + 1;
    assert.equal(await deps.incidents.count(), total);
    assert.equal((await deps.incidents.list()).length, total);

    let seen = 0;
    let lastId = Number.POSITIVE_INFINITY;
    for await (const batch of deps.incidents.batches({}, { size: 5_000, withTimelines: true })) {
      assert.ok(batch.incidents.length <= 5_000);
      for (const incident of batch.incidents) {
        assert.ok(incident.id < lastId, "newest first, no repeats");
        lastId = incident.id;
        assert.equal(incident.models.length, 1);
        assert.ok((batch.timelines.get(incident.id)?.length ?? 0) >= 1, `${incident.key} has its timeline`);
      }
      seen += batch.incidents.length;
    }
    assert.equal(seen, total);

    const env = { ...database, LOG_LEVEL: "warn" };
    const listed = await runCliInProcess(["incident", "list", "--json"], { env });
    assert.equal(listed.code, 0, listed.stderr);
    const list = JSON.parse(listed.stdout) as { id: string }[];
    assert.equal(list.length, total);
    assert.equal(new Set(list.map((i) => i.id)).size, total);

    const csv = await runCliInProcess(["incident", "export", "--format", "csv"], { env });
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.split("\r\n");
    assert.equal(lines.length, total + 2, "header, one line each, and the final line end");
    assert.match(lines[0] ?? "", /^\uFEFF"id","vendor"/);

    const json = await runCliInProcess(["incident", "export", "--format", "json"], { env });
    assert.equal(json.code, 0, json.stderr);
    const exported = JSON.parse(json.stdout) as { id: string; timeline: unknown[] }[];
    assert.equal(exported.length, total);
    assert.ok(exported.every((incident) => incident.timeline.length >= 1));
    assert.equal(json.stdout, `${JSON.stringify(exported, null, 2)}\n`, "laid out as before streaming");
  });
});

describe("incident lists in Slack", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await seedIncidents(t.deps.db, 45, { models: 1_000, openEvery: 1 });
  });
  after(() => t.close());

  it("shows a count and the first page, and pages on with Next", async () => {
    const nextButton = (blocks: unknown) =>
      (blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
        .flatMap((block) => block.elements ?? [])
        .find((element) => element.action_id === NEXT_PAGE_ACTION);
    const pageText = (response: { body: { blocks?: unknown } }) => JSON.stringify(response.body.blocks);

    await t.slack.slashCommand("incidents all");
    const first = await t.fake.waitForResponse((r) => /45 logged incidents/.test(r.body.text ?? ""));
    assert.match(pageText(first), /1–20, newest first/);
    assert.match(pageText(first), /INC-0045/);
    assert.doesNotMatch(pageText(first), /INC-0025/);

    const pages = [first];
    for (const expected of [/21–40/, /41–45/]) {
      const button = nextButton(pages.at(-1)?.body.blocks);
      assert.ok(button, "a Next button while more follow");
      const before = t.fake.responses.length;
      await t.slack.blockAction({ actionId: NEXT_PAGE_ACTION, value: button.value, ephemeral: true });
      const page = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
      assert.equal(page.body.replace_original, true);
      assert.match(pageText(page), expected);
      pages.push(page);
    }
    assert.match(pageText(pages[1] as (typeof pages)[number]), /INC-0025/);
    assert.match(pageText(pages[2] as (typeof pages)[number]), /INC-0001\b/);
    assert.equal(nextButton(pages[2]?.body.blocks), undefined, "no Next on the last page");
  });
});
