import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildIncidentList, buildStatusModal } from "../../../src/features/incidents/incident-blocks.ts";
import { eventually } from "../../support/eventually.ts";
import { FAKE_BOT_USER_ID } from "../../support/fake-slack.ts";
import { newIncident } from "../../support/incidents.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

const LEAD = "U0GOVLEAD1";
const EMPLOYEE = "U0EMPLOYEE1";
const NOW = new Date("2026-11-24T10:00:00Z");

describe("vendor incidents in Slack", () => {
  let t: TestApp;
  let messageCounter = 0;
  before(async () => {
    t = await startTestApp({ now: () => NOW });
  });
  after(() => t.close());

  const countRows = async (table: "incidents" | "incident_events") =>
    Number(
      (
        await t.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A user's message in a channel, as it exists in the workspace. */
  function userMessage(text: string, channel = "C0ENGPLAT01") {
    messageCounter++;
    const message = { ts: `1764000000.${String(messageCounter).padStart(6, "0")}`, text, user: EMPLOYEE };
    t.fake.seedMessage(channel, message);
    return { channel, message };
  }

  async function openFormFromShortcut(text: string, channel?: string) {
    const { channel: where, message } = userMessage(text, channel);
    const opensBefore = t.fake.callsTo("views.open").length;
    const sent = await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel: where, message });
    assert.equal(sent.status, 200);
    const open = await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length > opensBefore);
    return { view: t.fake.callsTo("views.open")[opensBefore]?.args.view ?? open.args.view, channel: where, message };
  }

  async function logIncident(text: string, values: Record<string, unknown>) {
    const form = await openFormFromShortcut(text);
    const submitted = await t.slack.viewSubmission(form.view, values);
    assert.equal(submitted.status, 200);
    assert.equal(submitted.text, "");
    const card = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.thread_ts === form.message.ts && /^INC-\d{4} /.test(c.args.blocks?.[0]?.text?.text ?? ""),
    );
    return { ...form, card, row: await storedWithCard(form.message.ts) };
  }

  /** The incident row once the app has recorded where its card is. */
  async function storedWithCard(sourceTs: string) {
    const stored = () =>
      t.deps.db.selectFrom("incidents").selectAll().where("source_ts", "=", sourceTs).executeTakeFirst();
    await eventually(async () => Boolean((await stored())?.card_ts), `an incident with a card for message ${sourceTs}`);
    return (await stored()) as NonNullable<Awaited<ReturnType<typeof stored>>>;
  }

  it("shortcut → pre-filled modal → submit → incident stored and its card posted in the message's thread", async () => {
    const form = await openFormFromShortcut("Anthropic just disabled Claude Mythos 5 for our org, export control");
    const vendor = form.view.blocks.find((b: any) => b.block_id === "vendor");
    assert.equal(vendor.element.initial_option.value, "anthropic");
    const models = form.view.blocks.find((b: any) => b.block_id === "models");
    assert.deepEqual(
      models.element.initial_options.map((o: any) => o.value),
      ["anthropic/claude-mythos-5"],
    );
    const description = form.view.blocks.find((b: any) => b.block_id === "description");
    assert.match(description.element.initial_value, /disabled Claude Mythos 5/);

    const submitted = await t.slack.viewSubmission(form.view, {
      vendor: "anthropic",
      models: ["anthropic/claude-mythos-5"],
      type: "suspension",
      severity: "sev1",
      title: "Anthropic suspended Claude Mythos 5",
      description: "Disabled for our org under an export-control directive.",
    });
    assert.equal(submitted.status, 200);
    const card = await t.fake.waitForCall("chat.postMessage", (c) => c.args.thread_ts === form.message.ts);
    assert.equal(card.args.channel, form.channel);
    const cardText = JSON.stringify(card.args.blocks);
    assert.match(card.args.blocks[0].text.text, /^INC-\d{4} · Anthropic suspended Claude Mythos 5$/);
    assert.match(cardText, /Support ticket summarizer/);
    assert.match(cardText, /incident_change_status/);

    const row = await storedWithCard(form.message.ts);
    assert.equal(row.card_channel, form.channel);
    assert.equal(row.type, "suspension");
    assert.equal(row.status, "open");
    assert.equal(row.reporter, EMPLOYEE);
    assert.equal(row.source_channel, form.channel);
    assert.match(row.source_url ?? "", /^https:\/\/fake\.slack\.com\/archives\//);
    assert.match(row.started_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it("logs the same message once: a second shortcut links to the existing incident", async () => {
    const { channel, message, row } = await logIncident("OpenAI is returning 500s on GPT-5", {
      vendor: "openai",
      models: ["openai/gpt-5"],
      type: "outage",
      severity: "sev2",
      title: "GPT-5 returns 500s",
    });
    const before = await countRows("incidents");
    await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel, message });
    const reply = await t.fake.waitForResponse((r) => /already logged as/.test(r.body.text ?? ""));
    assert.match(reply.body.text, new RegExp(`INC-${String(row.id).padStart(4, "0")}`));
    assert.equal(await countRows("incidents"), before);
  });

  it("puts the card of a shortcut on a thread reply in that thread, once Slack confirms the reply is there", async () => {
    const channel = "C0THREADS01";
    const parent = { ts: "1764000500.000100", text: "Anyone else seeing vendor errors?", user: EMPLOYEE };
    const reply = { ts: "1764000500.000200", text: "Mistral is returning 503s", user: EMPLOYEE, thread_ts: parent.ts };
    t.fake.seedMessage(channel, parent);
    t.fake.seedMessage(channel, reply);
    const opens = t.fake.callsTo("views.open").length;
    await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel, message: reply });
    await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length > opens);
    const view = t.fake.callsTo("views.open")[opens]?.args.view;
    await t.slack.viewSubmission(view, { vendor: "mistral", type: "outage", severity: "sev3", title: "Mistral 503s" });
    const card = await t.fake.waitForCall("chat.postMessage", (c) =>
      /Mistral 503s/.test(c.args.blocks?.[0]?.text?.text ?? ""),
    );
    assert.equal(card.args.channel, channel);
    assert.equal(card.args.thread_ts, parent.ts);
    const row = await storedWithCard(reply.ts);
    assert.equal(row.source_channel, channel);
  });

  it("tells the reporter by direct message where the card went when the message's channel refuses it", async () => {
    const channel = "C0NOTAMEMB1";
    t.fake.failNext("chat.postMessage", { error: "not_in_channel", channel });
    const form = await openFormFromShortcut("Cohere Command A is returning errors", channel);
    const submitted = await t.slack.viewSubmission(form.view, {
      vendor: "mistral",
      type: "outage",
      severity: "sev3",
      title: "Errors from a vendor nobody invited the bot to hear about",
    });
    assert.equal(submitted.status, 200);
    const row = await storedWithCard(form.message.ts);
    assert.equal(row.card_channel, "C0AINOTICES", "the card moved to the notice channel");
    const told = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === EMPLOYEE && /could not post/.test(c.args.text ?? ""),
    );
    const key = `INC-${String(row.id).padStart(4, "0")}`;
    assert.match(
      told.args.text,
      new RegExp(
        `^I could not post ${key}'s card in <#${channel}> \\(I am not in that channel; invite me with \`/invite @aigov\``,
      ),
    );
    assert.match(told.args.text, new RegExp(`so it is in <#C0AINOTICES>: <https://[^|]+\\|${key}>\\.$`));
  });

  it("returns field errors for bad input and stores nothing", async () => {
    const form = await openFormFromShortcut("Something odd with a model");
    const before = await countRows("incidents");
    const submitted = await t.slack.viewSubmission(form.view, {
      vendor: "anthropic",
      models: ["openai/gpt-5"],
      type: "outage",
      title: "x",
      started_at: Math.floor(NOW.getTime() / 1000) + 86_400,
    });
    assert.equal(submitted.status, 200);
    const body = submitted.json();
    assert.equal(body.response_action, "errors");
    assert.deepEqual(Object.keys(body.errors).sort(), ["models", "severity", "started_at", "title"]);
    assert.match(body.errors.models, /GPT-5 is not a model of Anthropic/);
    assert.match(body.errors.started_at, /future/);
    assert.equal(await t.deps.followUps.settle(5_000), true, "no acknowledged work is left running");
    assert.equal(await countRows("incidents"), before);
  });

  it("refuses a non-lead's status change, severity change and resolve, and changes nothing", async () => {
    const { row, card } = await logIncident("Mistral Large 3 is degraded", {
      vendor: "mistral",
      models: ["mistral/mistral-large-3"],
      type: "degraded",
      severity: "sev3",
      title: "Mistral Large 3 degraded",
    });
    const events = await countRows("incident_events");
    for (const actionId of ["incident_change_status", "incident_change_severity", "incident_resolve"]) {
      const before = t.fake.responses.length;
      await t.slack.blockAction({ actionId, value: String(row.id), user: EMPLOYEE, channel: card.args.channel });
      await t.fake.waitForResponse(
        (r) =>
          t.fake.responses.indexOf(r) >= before &&
          /Only governance leads can/.test(r.body.text ?? "") &&
          r.body.response_type === "ephemeral",
      );
    }
    const forged = await t.slack.viewSubmission(
      buildStatusModal(await t.deps.incidents.get(row.id)),
      { status: "resolved" },
      EMPLOYEE,
    );
    assert.equal(forged.status, 200);
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === EMPLOYEE && /Only governance leads/.test(c.args.text),
    );
    const after = await t.deps.db
      .selectFrom("incidents")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.status, "open");
    assert.equal(after.severity, "sev3");
    assert.equal(await countRows("incident_events"), events);
  });

  it("lets anyone add an update, and a lead change status; the timeline records who, when, old → new", async () => {
    const { row, card } = await logIncident("Claude Sonnet 5 errors everywhere", {
      vendor: "anthropic",
      models: ["anthropic/claude-sonnet-5"],
      type: "outage",
      severity: "sev2",
      title: "Sonnet 5 errors",
    });
    await t.slack.event({
      type: "app_mention",
      user: EMPLOYEE,
      text: `<@${FAKE_BOT_USER_ID}> update: vendor acknowledged, ETA 30 minutes`,
      channel: card.args.channel,
      ts: "1764000100.000100",
      thread_ts: row.source_ts,
    });
    await t.fake.waitForCall("chat.postMessage", (c) => /Added to INC-/.test(c.args.text ?? ""));

    await t.slack.blockAction({ actionId: "incident_change_status", value: String(row.id), user: LEAD });
    const modal = await t.fake.waitForCall("views.open", (c) => c.args.view.callback_id === "incident_status");
    await t.slack.viewSubmission(modal.args.view, { status: "mitigated", note: "Traffic moved to GLM-5" }, LEAD);
    const updated = await t.fake.waitForCall(
      "chat.update",
      (c) => c.args.ts === row.card_ts && /mitigated/.test(JSON.stringify(c.args.blocks)),
    );
    assert.match(JSON.stringify(updated.args.blocks), /Traffic moved to GLM-5/);

    const timeline = await t.deps.db
      .selectFrom("incident_events")
      .selectAll()
      .where("incident_id", "=", row.id)
      .orderBy("id")
      .execute();
    assert.deepEqual(
      timeline.map((e) => [e.kind, e.actor, e.old_value, e.new_value]),
      [
        ["created", EMPLOYEE, null, "open"],
        ["update", EMPLOYEE, null, null],
        ["status", LEAD, "open", "mitigated"],
      ],
    );
    assert.equal(timeline[1]?.note, "vendor acknowledged, ETA 30 minutes");
    assert.equal(timeline[2]?.at, NOW.toISOString());
  });

  it("an open suspension makes the model's answer no; resolving it restores the registry's status", async () => {
    const ask = async (question: string) => {
      const { answer } = await t.deps.answers.ask({ question, surface: "cli" });
      return answer;
    };
    assert.equal((await ask("Is Claude Fable 5 approved?")).verdict, "conditional");
    const { row } = await logIncident("Anthropic suspended Claude Fable 5", {
      vendor: "anthropic",
      models: ["anthropic/claude-fable-5"],
      type: "suspension",
      severity: "sev1",
      title: "Claude Fable 5 suspended",
    });
    const suspended = await ask("Is Claude Fable 5 approved?");
    assert.equal(suspended.verdict, "no");
    assert.equal(suspended.models[0]?.status, "suspended");

    await t.slack.blockAction({ actionId: "incident_resolve", value: String(row.id), user: LEAD });
    await t.fake.waitForCall("chat.postMessage", (c) => /resolved INC-/.test(c.args.text ?? ""));
    const restored = await ask("Is Claude Fable 5 approved?");
    assert.equal(restored.verdict, "conditional");
    assert.equal(restored.models[0]?.status, "restricted");
  });

  it("offers to log a message flagged with the incident reaction, pre-filled from that message", async () => {
    const { channel, message } = userMessage("GPT-5 mini keeps timing out");
    await t.slack.event({
      type: "reaction_added",
      user: "U0EMPLOYEE2",
      reaction: "rotating_light",
      item_user: EMPLOYEE,
      item: { type: "message", channel, ts: message.ts },
      event_ts: "1764000200.000100",
    });
    const prompt = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.thread_ts === message.ts && /flagged this message/.test(c.args.text ?? ""),
    );
    const button = prompt.args.blocks[1].elements[0];
    await t.slack.blockAction({ actionId: button.action_id, value: button.value, user: "U0EMPLOYEE2", channel });
    const modal = await t.fake.waitForCall(
      "views.open",
      (c) => c.args.view.callback_id === "incident_create" && /timing out/.test(JSON.stringify(c.args.view)),
    );
    const vendor = modal.args.view.blocks.find((b: any) => b.block_id === "vendor");
    assert.equal(vendor.element.initial_option.value, "openai");
  });

  it("suggests logging vendor trouble to its author once per thread, never for bots, and only where switched on", async () => {
    const channel = "C0SUGGEST01";
    const say = (text: string, ts: string, extra: Record<string, unknown> = {}) =>
      t.slack.event({ type: "message", channel_type: "channel", channel, user: EMPLOYEE, text, ts, ...extra });
    const suggestions = () => t.fake.callsTo("chat.postEphemeral").filter((c) => c.args.channel === channel);

    await say("Anthropic is down again, 500s on every call", "1764000300.000100");
    await t.fake.waitForCall("chat.postEphemeral", (c) => c.args.channel === channel);
    assert.equal(suggestions()[0]?.args.user, EMPLOYEE);
    await say("still getting errors from claude opus 5", "1764000300.000200", { thread_ts: "1764000300.000100" });
    await say("lunch is ready", "1764000300.000300");
    await t.slack.event({
      type: "message",
      channel_type: "channel",
      channel,
      bot_id: "B0OTHERBOT1",
      text: "OpenAI outage detected",
      ts: "1764000300.000400",
    });
    assert.equal(await t.deps.followUps.settle(5_000), true, "every acknowledged message's work is done");
    assert.equal(suggestions().length, 1);

    await t.slack.slashCommand("settings suggest off", { user: EMPLOYEE, channel });
    await t.fake.waitForResponse((r) =>
      /Only governance leads can change this channel's settings/.test(r.body.text ?? ""),
    );
    await t.slack.slashCommand("settings suggest off", { user: LEAD, channel });
    await t.fake.waitForResponse((r) => /no longer offer/.test(r.body.text ?? ""));
    await say("OpenAI is rate limited, 429s everywhere", "1764000300.000500");
    assert.equal(await t.deps.followUps.settle(5_000), true, "every acknowledged message's work is done");
    assert.equal(suggestions().length, 1);
  });

  it("suggests logging in private channels too, once per message", async () => {
    const channel = "G0PRIVATE01";
    await t.slack.event({
      type: "message",
      channel_type: "group",
      channel,
      user: EMPLOYEE,
      text: "OpenAI is down, 500s on GPT-5",
      ts: "1764000400.000100",
    });
    const prompt = await t.fake.waitForCall("chat.postEphemeral", (c) => c.args.channel === channel);
    assert.equal(prompt.args.user, EMPLOYEE);
    await t.deps.followUps.settle(5_000);
    assert.equal(t.fake.callsTo("chat.postEphemeral").filter((c) => c.args.channel === channel).length, 1);
  });

  it("shows a model's open incidents on its card, vendor-wide ones included", async () => {
    await t.deps.incidents.create(
      newIncident({ models: [], type: "outage", severity: "sev1", title: "Anthropic API down everywhere" }),
    );
    await t.slack.slashCommand("model claude mythos 5");
    const card = await t.fake.waitForResponse((r) => /^Claude Mythos 5 \(/.test(r.body.text ?? ""));
    assert.match(
      JSON.stringify(card.body.blocks),
      /Open incidents:\*\\n• .*<https:[^|]+\|INC-\d{4}> Anthropic suspended Claude Mythos 5/,
    );
    assert.match(JSON.stringify(card.body.blocks), /Anthropic API down everywhere/);
  });

  it("lists open incidents with /aigov incidents, and opens the form with /aigov incident", async () => {
    await t.slack.slashCommand("incidents open anthropic");
    const list = await t.fake.waitForResponse((r) => /open incident/.test(r.body.text ?? ""));
    assert.match(list.body.text, /^\d+ open incidents$/);
    const [one] = await t.deps.incidents.list({ openOnly: true, limit: 1 });
    assert.ok(one);
    assert.equal(
      buildIncidentList([one], 1, { scope: "open", vendorId: null, beforeId: null, shown: 0 }).text,
      "1 open incident",
    );
    assert.match(JSON.stringify(list.body.blocks), /Anthropic suspended Claude Mythos 5/);
    assert.doesNotMatch(JSON.stringify(list.body.blocks), /GPT-5 returns 500s/);

    await t.slack.slashCommand("incident Groq is down");
    const modal = await t.fake.waitForCall(
      "views.open",
      (c) => c.args.view.callback_id === "incident_create" && /Groq is down/.test(JSON.stringify(c.args.view)),
    );
    assert.equal(JSON.parse(modal.args.view.private_metadata).source, "command");
  });

  it("tells the user to try again when Slack's 3 seconds to open the form have passed", async () => {
    t.fake.failNext("views.open", { error: "expired_trigger_id" });
    await t.slack.slashCommand("incident Mistral is slow");
    const reply = await t.fake.waitForResponse((r) => /3 seconds to open a form/.test(r.body.text ?? ""));
    assert.equal(reply.body.response_type, "ephemeral");
    assert.doesNotMatch(reply.body.text, /error id/);
  });
});
