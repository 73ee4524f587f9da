import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Incident } from "../../../src/features/incidents/incident.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { newIncident } from "../../support/incidents.ts";
import { servicesWithFakeSlack } from "../../support/services-with-fake-slack.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

describe("the incident service", () => {
  const suite = servicesWithFakeSlack();

  it("finds the vendor a person named by id or name in any case, and names the known ones otherwise", async () => {
    assert.equal((await suite.deps.incidents.vendorNamed("Anthropic")).id, "anthropic");
    assert.equal((await suite.deps.incidents.vendorNamed(" ANTHROPIC ")).id, "anthropic");
    await assert.rejects(suite.deps.incidents.vendorNamed("initech"), (error: Error & { code?: string }) => {
      assert.equal(error.code, "invalid_input");
      assert.match(error.message, /I don't know the vendor "initech"\. Try one of: .*anthropic/);
      return true;
    });
  });

  const feedIncident = async () =>
    (
      await suite.deps.incidents.create(
        newIncident({ source: "feed", reporter: "feed:status.example.com", type: "outage", severity: "sev3" }),
      )
    ).incident;

  it("tells status subscribers of every status change, from a lead, the CLI or a feed", async () => {
    const seen: string[] = [];
    suite.deps.incidents.onStatusChange(async (incident) => {
      seen.push(`${incident.key}:${incident.status}`);
    });
    const incident = await feedIncident();
    await suite.deps.incidents.changeStatus(incident.id, "investigating", { id: "cli", requireLead: false });
    await suite.deps.incidents.applyFeedUpdate(incident.id, {
      actor: "feed:status.example.com",
      status: { value: "resolved", note: "Status page update" },
    });
    await suite.deps.incidents.applyFeedUpdate(incident.id, {
      actor: "feed:status.example.com",
      notes: ["[resolved] Fixed."],
    });
    await suite.deps.incidents.changeSeverity(incident.id, "sev2", { id: "cli", requireLead: false });
    assert.deepEqual(seen, [`${incident.key}:investigating`, `${incident.key}:resolved`]);
  });

  it("applies a feed update in one go, in the order a reader expects, and leaves a person's severity alone", async () => {
    const incident = await feedIncident();
    const { before, incident: after } = await suite.deps.incidents.applyFeedUpdate(incident.id, {
      actor: "feed:status.example.com",
      models: ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"],
      title: "Claude Mythos 5 and Fable 5 unavailable",
      notes: ["[identified] Found it.", "[monitoring] Watching."],
      severity: { value: "sev1", note: "Status page impact: critical" },
      status: { value: "mitigated", note: "Status page update" },
    });
    assert.equal(before.status, "open");
    assert.deepEqual(
      [after.status, after.severity, after.title, after.models],
      [
        "mitigated",
        "sev1",
        "Claude Mythos 5 and Fable 5 unavailable",
        ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"],
      ],
    );
    const kinds = (await suite.deps.incidents.timeline(incident.id)).map((event) => event.kind);
    assert.deepEqual(kinds, ["created", "models", "title", "update", "update", "severity", "status"]);

    await suite.deps.incidents.changeSeverity(incident.id, "sev3", { id: "U0GOVLEAD1", requireLead: true });
    const again = await suite.deps.incidents.applyFeedUpdate(incident.id, {
      actor: "feed:status.example.com",
      severity: { value: "sev1", note: "Status page impact: critical" },
    });
    assert.equal(again.incident.severity, "sev3", "a person's judgement stands");
  });

  it("changes nothing, and writes no event, when the update says nothing new", async () => {
    const incident = await feedIncident();
    const { incident: after } = await suite.deps.incidents.applyFeedUpdate(incident.id, {
      actor: "feed:status.example.com",
      models: incident.models,
      title: incident.title,
      status: { value: "open", note: "Status page update" },
    });
    assert.equal(after.updatedAt, incident.updatedAt);
    assert.equal((await suite.deps.incidents.timeline(incident.id)).length, 1);
  });

  it("refuses a feed update to an unknown incident with not_found", async () => {
    await assert.rejects(suite.deps.incidents.applyFeedUpdate(9999, { actor: "feed:x" }), { code: "not_found" });
  });

  it("posts a card once, remembers where, and lists only feed incidents still without one", async () => {
    const carded = await feedIncident();
    const waiting = await feedIncident();
    await suite.deps.incidents.create(newIncident({ title: "From a person" }));
    const ids = (list: Incident[]) => list.map((incident) => incident.id);
    assert.deepEqual(ids(await suite.deps.incidents.feedIncidentsAwaitingCard(10)), [carded.id, waiting.id]);
    const published = await suite.deps.incidents.publishCard(carded.id);
    assert.equal(published.cardChannel, "C0AINOTICES");
    assert.ok(published.cardTs);
    assert.deepEqual(ids(await suite.deps.incidents.feedIncidentsAwaitingCard(10)), [waiting.id]);
    assert.deepEqual(ids(await suite.deps.incidents.feedIncidentsAwaitingCard(0)), []);
    await suite.deps.incidents.publishCard(carded.id);
    assert.equal(suite.fake.callsTo("chat.update").length, 1, "a posted card is updated, not posted again");
  });
});

describe("an incident service without a bot token", () => {
  it("fails with a coded error only when it must post to Slack", async () => {
    const { deps, close } = await openTestDeps();
    try {
      await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
      const { incident } = await deps.incidents.create(newIncident());
      await deps.incidents.changeStatus(incident.id, "investigating", { id: "cli", requireLead: false });
      await assert.rejects(deps.incidents.publishCard(incident.id), { code: "slack_credentials_missing" });
    } finally {
      await close();
    }
  });
});
