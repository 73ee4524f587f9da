import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Incident } from "../../src/features/incidents/incident.ts";
import { buildSeverityModal, buildStatusModal } from "../../src/features/incidents/incident-blocks.ts";
import { eventually } from "../support/eventually.ts";
import { newIncident } from "../support/incidents.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const LEAD = "U0GOVLEAD1";
const EMPLOYEE = "U0EMPLOYEE1";
/** A bot's user id: bots are never governance leads. */
const BOT = "U0OTHERBOT1";
const REFUSAL = /Only governance leads can|or a governance lead can acknowledge/;

describe("authorization: every action that changes something, tried as a lead, another user and a bot", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  let counter = 0;
  async function freshIncident(): Promise<Incident> {
    counter++;
    const { incident } = await t.deps.incidents.create(
      newIncident({ title: `Authorization check ${counter}`, reporter: EMPLOYEE }),
    );
    return incident;
  }

  const snapshot = async (id: number) => ({
    incident: await t.deps.db
      .selectFrom("incidents")
      .select(["status", "severity"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
    events: (await t.deps.incidents.timeline(id)).length,
    notices: await t.deps.notices.hasNotice(id),
  });

  /**
   * Runs `act` and waits for the refusal the user sees: an ephemeral reply
   * through the response_url, or a direct message where there is none (a
   * modal submission).
   */
  async function refusedTo(user: string, act: () => Promise<unknown>): Promise<void> {
    const earlierResponses = new Set(t.fake.responses);
    const earlierCalls = new Set(t.fake.callsTo("chat.postMessage"));
    await act();
    await Promise.any([
      t.fake.waitForResponse((r) => !earlierResponses.has(r) && REFUSAL.test(r.body.text ?? "")),
      t.fake.waitForCall(
        "chat.postMessage",
        (c) => !earlierCalls.has(c) && c.args.channel === user && REFUSAL.test(String(c.args.text)),
      ),
    ]);
  }

  const actions: {
    name: string;
    run: (id: number, user: string) => Promise<unknown>;
    changed: (before: any, after: any) => boolean;
  }[] = [
    {
      name: "Resolve button",
      run: (id, user) => t.slack.blockAction({ actionId: "incident_resolve", value: String(id), user }),
      changed: (_b, a) => a.incident.status === "resolved",
    },
    {
      name: "status change (modal submission)",
      run: async (id, user) =>
        t.slack.viewSubmission(buildStatusModal(await t.deps.incidents.get(id)), { status: "resolved" }, user),
      changed: (_b, a) => a.incident.status === "resolved",
    },
    {
      name: "severity change (modal submission)",
      run: async (id, user) =>
        t.slack.viewSubmission(buildSeverityModal(await t.deps.incidents.get(id)), { severity: "sev1" }, user),
      changed: (_b, a) => a.incident.severity === "sev1",
    },
    {
      name: "Post notice button",
      run: (id, user) => t.slack.blockAction({ actionId: "notice_post", value: String(id), user, ephemeral: true }),
      changed: (_b, a) => a.notices === true,
    },
  ];

  for (const action of actions) {
    for (const [who, user, allowed] of [
      ["a governance lead", LEAD, true],
      ["another user", EMPLOYEE, false],
      ["a bot", BOT, false],
    ] as const) {
      it(`${action.name} as ${who}: ${allowed ? "done" : "refused, nothing changed"}`, async () => {
        const incident = await freshIncident();
        const before = await snapshot(incident.id);
        if (allowed) {
          await action.run(incident.id, user);
          await eventually(async () => action.changed(before, await snapshot(incident.id)), `${action.name} to apply`);
        } else {
          await refusedTo(user, () => action.run(incident.id, user));
          assert.equal(await t.deps.followUps.settle(5_000), true, "no acknowledged work is left running");
          assert.deepEqual(await snapshot(incident.id), before);
        }
      });
    }
  }

  it("/aigov settings suggest: only leads", async () => {
    for (const user of [EMPLOYEE, BOT]) {
      await refusedTo(user, () => t.slack.slashCommand("settings suggest off", { user, channel: "C0AUTHZ0001" }));
    }
    const rows = await t.deps.db
      .selectFrom("channel_settings")
      .selectAll()
      .where("channel_id", "=", "C0AUTHZ0001")
      .execute();
    assert.equal(rows.length, 0);
    await t.slack.slashCommand("settings suggest off", { user: LEAD, channel: "C0AUTHZ0001" });
    await t.fake.waitForResponse((r) => /no longer offer/.test(r.body.text ?? ""));
    const after = await t.deps.db
      .selectFrom("channel_settings")
      .selectAll()
      .where("channel_id", "=", "C0AUTHZ0001")
      .execute();
    assert.deepEqual(
      after.map((r) => [r.suggest_incidents, r.updated_by]),
      [[0, LEAD]],
    );
  });

  it("Acknowledge: only the system's owner or a lead", async () => {
    const incident = await freshIncident();
    const { noticeId } = await t.deps.notices.queueIncidentNotice(incident.id, LEAD);
    const ack = (user: string) =>
      t.slack.blockAction({ actionId: "notice_ack", value: `${noticeId}:support-summarizer`, user, ephemeral: true });
    const acks = () => t.deps.db.selectFrom("notice_acks").selectAll().where("notice_id", "=", noticeId).execute();
    await refusedTo(EMPLOYEE, () => ack(EMPLOYEE));
    await refusedTo(BOT, () => ack(BOT));
    assert.equal((await acks()).length, 0);
    await ack("U0OWNER001");
    await t.fake.waitForResponse((r) => /Acknowledged for Support ticket summarizer/.test(r.body.text ?? ""));
    assert.deepEqual(
      (await acks()).map((a) => a.user_id),
      ["U0OWNER001"],
    );
  });
});
