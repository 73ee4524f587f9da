import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAKE_BOT_USER_ID } from "../../support/fake-slack.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const blockText = (blocks: any[]) => JSON.stringify(blocks);

describe("answers in Slack", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: () => new Date("2026-11-24T10:00:00Z") });
  });
  after(() => t.close());

  it("answers an @mention in the thread of the question, with a verdict badge and sources", async () => {
    await t.slack.event({
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: `<@${FAKE_BOT_USER_ID}> Is Claude Opus 5 approved?`,
      channel: "C0GENERAL01",
      ts: "1769220155.940449",
    });
    const call = await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0GENERAL01");
    assert.equal(call.args.thread_ts, "1769220155.940449");
    const blocks = call.args.blocks;
    assert.match(blocks[0].text.text, /^:white_check_mark: \*Yes, Claude Opus 5 is approved\.\*/);
    assert.match(blockText(blocks), /https:\/\/wiki\.example\.com\/ai\/claude-opus-5/);
    assert.match(blockText(blocks), /answers_feedback_helpful/);
  });

  it("answers a direct message in the conversation", async () => {
    await t.slack.event({
      type: "message",
      channel_type: "im",
      user: "U0EMPLOYEE2",
      text: "can I use haiku with PII?",
      channel: "D0EMPLOYEE2",
      ts: "1769220200.000100",
    });
    const call = await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "D0EMPLOYEE2");
    assert.equal(call.args.thread_ts, undefined);
    assert.match(
      call.args.blocks[0].text.text,
      /^:no_entry: \*No, Claude Haiku 4\.5 is not approved for restricted data\.\*/,
    );
    assert.match(blockText(call.args.blocks), /Llama 4 Maverick.*open weights, self-hosted/);
  });

  it("answers /aigov ask ephemerally and logs the question, answer, path and latency", async () => {
    await t.slack.slashCommand("ask Is GPT-4o approved?", { user: "U0EMPLOYEE3" });
    const response = await t.fake.waitForResponse((r) => /GPT-4o/.test(r.body.text ?? ""));
    assert.equal(response.body.response_type, "ephemeral");
    assert.match(response.body.blocks[0].text.text, /^:no_entry: \*No, GPT-4o is deprecated/);
    assert.match(blockText(response.body.blocks), /until 2027-01-15/);

    const row = await t.deps.db
      .selectFrom("qa_log")
      .selectAll()
      .where("user_id", "=", "U0EMPLOYEE3")
      .executeTakeFirstOrThrow();
    assert.equal(row.surface, "command");
    assert.equal(row.intent, "status");
    assert.equal(row.verdict, "no");
    assert.equal(row.path, "deterministic");
    assert.ok(row.latency_ms >= 0);
    assert.match(row.answer, /deprecated/);
  });

  it("answers a retried event once", async () => {
    const event = {
      type: "app_mention",
      user: "U0EMPLOYEE4",
      text: `<@${FAKE_BOT_USER_ID}> which systems use mythos?`,
      channel: "C0RETRIES01",
      ts: "1769220300.000100",
    };
    const first = await t.slack.event(event, { eventId: "Ev0RETRY0001" });
    const retry = await t.slack.event(event, { eventId: "Ev0RETRY0001", retryNum: 1, retryReason: "http_timeout" });
    const redelivery = await t.slack.event(event, { eventId: "Ev0RETRY0002" });
    assert.deepEqual([first.status, retry.status, redelivery.status], [200, 200, 200]);
    await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0RETRIES01");
    await wait(300);
    assert.equal(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0RETRIES01").length, 1);
  });

  it("ignores bots, message edits, and thread replies in a DM that do not mention it", async () => {
    const base = { type: "message", channel_type: "im", channel: "D0QUIET0001", text: "Is GPT-5 approved?" };
    await t.slack.event({ ...base, user: "U0OTHERBOT1", bot_id: "B0OTHERBOT1", ts: "1769220400.000100" });
    await t.slack.event({ ...base, subtype: "message_changed", ts: "1769220400.000200" });
    await t.slack.event({ ...base, user: "U0EMPLOYEE5", ts: "1769220400.000300", thread_ts: "1769220400.000001" });
    await wait(400);
    assert.equal(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "D0QUIET0001").length, 0);
  });

  it("records Helpful feedback against the logged answer", async () => {
    await t.slack.slashCommand("ask is glm 5 approved", { user: "U0EMPLOYEE6" });
    const response = await t.fake.waitForResponse((r) => /GLM-5/.test(r.body.text ?? ""));
    const feedback = response.body.blocks.find((b: any) => b.block_id === "answers_feedback");
    const helpful = feedback.elements.find((e: any) => e.action_id === "answers_feedback_helpful");
    const sent = await t.slack.blockAction({ actionId: helpful.action_id, value: helpful.value, user: "U0EMPLOYEE6" });
    assert.equal(sent.status, 200);
    await t.fake.waitForResponse((r) => /Glad it helped/.test(r.body.text ?? ""));
    const row = await t.deps.db
      .selectFrom("qa_log")
      .selectAll()
      .where("id", "=", Number(JSON.parse(helpful.value).qa))
      .executeTakeFirstOrThrow();
    assert.equal(row.feedback, "helpful");
    assert.equal(row.feedback_by, "U0EMPLOYEE6");
  });

  it("asks which model when a name fits several, and answers the one picked", async () => {
    await t.slack.slashCommand("ask is gemini approved?", { user: "U0EMPLOYEE7" });
    const response = await t.fake.waitForResponse((r) => /could mean/.test(r.body.text ?? ""));
    assert.match(response.body.blocks[0].text.text, /^:question: /);
    const choices = response.body.blocks.find((b: any) => b.block_id === "answers_choices");
    const flash = choices.elements.find((e: any) => /Flash/.test(e.text.text));
    await t.slack.blockAction({ actionId: flash.action_id, value: flash.value, user: "U0EMPLOYEE7", ephemeral: true });
    const picked = await t.fake.waitForResponse((r) => /Gemini 2\.0 Flash was retired/.test(r.body.text ?? ""));
    assert.equal(picked.body.replace_original, true);
    assert.match(picked.body.blocks[0].text.text, /^:no_entry: /);
  });

  it("answers a pick made in a channel thread in that thread", async () => {
    await t.slack.event({
      type: "app_mention",
      user: "U0EMPLOYEE9",
      text: `<@${FAKE_BOT_USER_ID}> is claude ok?`,
      channel: "C0PICKS0001",
      ts: "1769220500.000100",
    });
    const question = await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0PICKS0001");
    const choices = question.args.blocks.find((b: any) => b.block_id === "answers_choices");
    const fable = choices.elements.find((e: any) => /Fable/.test(e.text.text));
    await t.slack.blockAction({
      actionId: fable.action_id,
      value: fable.value,
      user: "U0EMPLOYEE9",
      channel: "C0PICKS0001",
      messageTs: "1769220500.000200",
      threadTs: "1769220500.000100",
    });
    const answer = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0PICKS0001" && /Fable/.test(c.args.blocks[0].text.text),
    );
    assert.equal(answer.args.thread_ts, "1769220500.000100");
    assert.match(answer.args.blocks[0].text.text, /^:warning: \*Yes, with conditions: Claude Fable 5 is restricted/);
  });

  it("shows a model card with /aigov model", async () => {
    await t.slack.slashCommand("model claude mythos 5");
    const response = await t.fake.waitForResponse((r) => /^Claude Mythos 5 \(/.test(r.body.text ?? ""));
    const text = blockText(response.body.blocks);
    assert.match(text, /Support ticket summarizer/);
    assert.match(text, /GLM-5/);
    assert.match(text, /Customer support, Summarization/);
    assert.match(text, /wiki\.example\.com\/ai\/claude-mythos-5/);
  });

  it("tells the user how to use /aigov ask when the question is missing", async () => {
    await t.slack.slashCommand("ask");
    const response = await t.fake.waitForResponse((r) => /Ask me a question/.test(r.body.text ?? ""));
    assert.equal(response.body.response_type, "ephemeral");
  });

  it("publishes App Home with approved models by use case and retirements", async () => {
    await t.slack.event({ type: "app_home_opened", user: "U0EMPLOYEE8", channel: "D0EMPLOYEE8", tab: "home" });
    const call = await t.fake.waitForCall("views.publish", (c) => c.args.user_id === "U0EMPLOYEE8");
    const text = blockText(call.args.view.blocks);
    assert.match(text, /Approved models by use case/);
    assert.match(text, /\*Coding\*: .*Qwen3 Coder/);
    assert.match(text, /GPT-4o.*retires \*2027-01-15\*/);
    assert.match(text, /Vendor incidents/);
    assert.match(text, /Vendor lock-in/);
  });
});
