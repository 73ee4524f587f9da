import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildStatusModal } from "../../../src/features/incidents/incident-blocks.ts";
import { eventually } from "../../support/eventually.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

const LEAD = "U0GOVLEAD1";
const NOTICE_CHANNEL = "C0AINOTICES";

/** Messages the bot posted in a channel that carry notice metadata (the notice itself, not replies). */
function noticesIn(t: TestApp, channel: string) {
  return t.fake
    .messagesIn(channel)
    .filter((m) => m.metadata?.event_type === "aigov_notice" && (!m.thread_ts || m.thread_ts === m.ts));
}

describe("model notices: the day a provider suspends two models", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: () => new Date("2026-06-18T08:30:00Z") });
  });
  after(() => t.close());

  it("tells the notice channel, each affected system's channel and each owner exactly once, with fitting open-weight alternatives", async () => {
    const message = {
      ts: "1781771400.000100",
      text: "Anthropic suspended Claude Mythos and Claude Fable (export control)",
      user: LEAD,
    };
    t.fake.seedMessage("C0VENDORS01", message);
    await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel: "C0VENDORS01", message, user: LEAD });
    const open = await t.fake.waitForCall("views.open", (c) => c.args.view.callback_id === "incident_create");
    const guessed = open.args.view.blocks.find((b: any) => b.block_id === "models").element.initial_options;
    assert.deepEqual(guessed.map((o: any) => o.value).sort(), [
      "anthropic/claude-fable-5",
      "anthropic/claude-mythos-5",
    ]);
    await t.slack.viewSubmission(
      open.args.view,
      {
        vendor: "anthropic",
        models: ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"],
        type: "suspension",
        severity: "sev1",
        title: "Anthropic suspended Claude Mythos 5 and Claude Fable 5",
        description: message.text,
      },
      LEAD,
    );

    const preview = await t.fake.waitForCall(
      "chat.postEphemeral",
      (c) => c.args.user === LEAD && /notice is due/.test(c.args.text),
    );
    const previewText = JSON.stringify(preview.args.blocks);
    for (const expected of [NOTICE_CHANNEL, "C0SUPPORT01", "C0ENGPLAT01", "U0OWNER001", "U0OWNER002"]) {
      assert.match(previewText, new RegExp(expected));
    }
    assert.equal(noticesIn(t, NOTICE_CHANNEL).length, 0, "nothing is posted before the lead says so");

    const post = preview.args.blocks[1].elements[0];
    await t.slack.blockAction({ actionId: post.action_id, value: post.value, user: LEAD, ephemeral: true });
    await t.fake.waitForResponse((r) => /queued: 5 messages/.test(r.body.text ?? ""));

    const audiences = [NOTICE_CHANNEL, "C0SUPPORT01", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"];
    await eventually(() => audiences.every((channel) => noticesIn(t, channel).length >= 1), "every notice");
    for (const channel of audiences) assert.equal(noticesIn(t, channel).length, 1, `${channel} got one notice`);

    const support = JSON.stringify(noticesIn(t, "C0SUPPORT01")[0]?.blocks);
    assert.match(support, /Support ticket summarizer/);
    assert.doesNotMatch(support, /Code review bot|Help-centre translator/);
    assert.match(support, /GLM-5 `zhipu\/glm-5` \(open weights, self-hosted\)/);
    assert.match(support, /Llama 4 Maverick/);
    assert.doesNotMatch(support, /Claude Fable 5 `/);

    const engineering = JSON.stringify(noticesIn(t, "C0ENGPLAT01")[0]?.blocks);
    assert.match(engineering, /Code review bot/);
    assert.match(engineering, /Qwen3 Coder `alibaba\/qwen3-coder` \(open weights, self-hosted\)/);
    assert.doesNotMatch(engineering, /Claude Mythos 5 `/);

    const everything = JSON.stringify(noticesIn(t, NOTICE_CHANNEL)[0]?.blocks);
    assert.match(everything, /Support ticket summarizer/);
    assert.match(everything, /Code review bot/);

    const { answer } = await t.deps.answers.ask({ question: "Is Claude Mythos approved?", surface: "cli" });
    assert.equal(answer.verdict, "no");
    assert.equal(answer.models[0]?.id, "anthropic/claude-mythos-5");
    assert.equal(answer.models[0]?.status, "suspended");
  });

  it("records who acknowledged for which system", async () => {
    const notice = noticesIn(t, "D0OWNER001")[0];
    const blocks = (notice?.blocks ?? []) as any[];
    const button = blocks.find((b) => b.accessory?.action_id === "notice_ack").accessory;
    await t.slack.blockAction({
      actionId: button.action_id,
      value: button.value,
      user: "U0OWNER001",
      channel: "D0OWNER001",
    });
    await t.fake.waitForResponse((r) => /Acknowledged for Support ticket summarizer/.test(r.body.text ?? ""));
    const acks = await t.deps.db.selectFrom("notice_acks").selectAll().execute();
    assert.deepEqual(
      acks.map((a) => [a.system_id, a.user_id]),
      [["support-summarizer", "U0OWNER001"]],
    );
  });

  it("updates every posted notice in place, with a reply in its thread, when the incident is resolved", async () => {
    const incident = (await t.deps.incidents.list({ openOnly: true }))[0];
    assert.ok(incident);
    await t.slack.blockAction({ actionId: "incident_resolve", value: String(incident.id), user: LEAD });
    const audiences = [NOTICE_CHANNEL, "C0SUPPORT01", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"];
    await eventually(
      () =>
        audiences.every((channel) =>
          t.fake.messagesIn(channel).some((m) => m.thread_ts && /now resolved/.test(m.text)),
        ),
      "a resolution reply in every notice thread",
    );
    for (const channel of audiences) {
      const [notice] = noticesIn(t, channel);
      assert.match(JSON.stringify(notice?.blocks), /Resolved: /, `${channel}'s notice updated in place`);
      assert.equal(noticesIn(t, channel).length, 1);
    }
    const { answer } = await t.deps.answers.ask({ question: "Is Claude Mythos 5 approved?", surface: "cli" });
    assert.equal(answer.verdict, "yes");
  });

  it("updates the posted notices when a lead reopens the incident from the status form", async () => {
    const incident = (await t.deps.incidents.list()).find((i) => i.type === "suspension");
    assert.ok(incident);
    await t.slack.viewSubmission(buildStatusModal(incident), { status: "investigating" }, LEAD);
    await eventually(
      () => t.fake.messagesIn("C0SUPPORT01").some((m) => m.thread_ts && /now investigating/.test(m.text)),
      "a reopening reply in the notice thread",
    );
    assert.doesNotMatch(JSON.stringify(noticesIn(t, "C0SUPPORT01")[0]?.blocks), /Resolved: /);
  });

  it("shows the lock-in report", async () => {
    await t.slack.slashCommand("report lock-in");
    const report = await t.fake.waitForResponse((r) => /locked in|No lock-in/.test(r.body.text ?? ""));
    const text = JSON.stringify(report.body.blocks);
    assert.match(text, /Support ticket summarizer.*all its models are from Anthropic/);
    assert.doesNotMatch(text, /Contract analyzer/);
  });
});
