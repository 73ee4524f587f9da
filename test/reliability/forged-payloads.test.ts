import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAKE_TEAM_ID } from "../support/fake-slack.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const EMPLOYEE = "U0EMPLOYEE1";
const OTHER = "U0EMPLOYEE2";
const REFUSAL = /did not come from me/;

/**
 * Payloads correctly signed with the signing secret, but carrying values the
 * bot never wrote: someone holding the secret can send them.
 */
describe("signed payloads with forged values, and replayed form submissions", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Opens the incident form with `/aigov incident` as `user`, and returns the view Slack was asked to show. */
  async function openForm(user: string, summary: string): Promise<any> {
    await t.slack.slashCommand(`incident ${summary}`, { user });
    const opened = await t.fake.waitForCall(
      "views.open",
      (c) => c.args.view.callback_id === "incident_create" && JSON.stringify(c.args.view).includes(summary),
    );
    return opened.args.view;
  }

  const incidentsTitled = (title: string) =>
    t.deps.db.selectFrom("incidents").select("id").where("title", "=", title).execute();

  /** The refusal the user sees by direct message (a form has no response_url), after `act`. */
  async function refusedTo(user: string, act: () => Promise<unknown>): Promise<void> {
    const earlier = new Set(t.fake.callsTo("chat.postMessage"));
    await act();
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => !earlier.has(c) && c.args.channel === user && REFUSAL.test(String(c.args.text)),
    );
  }

  it("logs one incident when the same form submission arrives twice", async () => {
    const view = { ...(await openForm(EMPLOYEE, "DeepSeek returns 503s")), id: "V0REPLAYED1" };
    const values = { vendor: "deepseek", type: "outage", severity: "sev3", title: "DeepSeek returns 503s" };
    assert.equal((await t.slack.viewSubmission(view, values)).status, 200);
    assert.equal((await t.slack.viewSubmission(view, values)).status, 200);
    await t.waitForLog((line) => line.includes("ignoring a repeated submission of form V0REPLAYED1"));
    assert.equal(await t.deps.followUps.settle(5_000), true);
    assert.equal((await incidentsTitled("DeepSeek returns 503s")).length, 1);
  });

  it("refuses a Log it button naming a message the bot never offered, and reads nothing", async () => {
    const response = await t.slack.blockAction({
      actionId: "incident_log_message",
      value: JSON.stringify({ channel: "C0PRIVATE01", ts: "1764000000.000100" }),
      user: OTHER,
    });
    assert.equal(response.status, 200);
    const reply = await t.fake.waitForResponse((r) => REFUSAL.test(r.body.text ?? ""));
    assert.equal(reply.body.response_type, "ephemeral");
    assert.equal(t.fake.callsTo("conversations.replies").filter((c) => c.args.channel === "C0PRIVATE01").length, 0);
    assert.equal(
      t.fake.callsTo("views.open").filter((c) => c.args.trigger_id && /C0PRIVATE01/.test(JSON.stringify(c.args)))
        .length,
      0,
    );
  });

  it("refuses a form whose private_metadata names another channel, and posts no card there", async () => {
    const view = await openForm(EMPLOYEE, "Mistral API is slow");
    const genuine = JSON.parse(view.private_metadata);
    const forgedViews = [
      // The bot's own metadata with the channel changed.
      {
        ...view,
        private_metadata: JSON.stringify({
          ...genuine,
          source: "slack_message",
          channel: "C0ANYWHERE1",
          ts: "1764000000.000200",
        }),
      },
      // Metadata the bot never wrote at all.
      {
        ...view,
        private_metadata: JSON.stringify({
          source: "slack_message",
          channel: "C0ANYWHERE1",
          ts: "1764000000.000200",
          threadTs: null,
        }),
      },
    ];
    for (const forged of forgedViews) {
      await refusedTo(EMPLOYEE, () =>
        t.slack.viewSubmission(forged, {
          vendor: "mistral",
          type: "degraded",
          severity: "sev3",
          title: "Mistral slow",
        }),
      );
    }
    assert.equal((await incidentsTitled("Mistral slow")).length, 0);
    assert.equal(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0ANYWHERE1").length, 0);
  });

  it("posts the card of a shortcut naming a message its channel does not hold in the notice channel, and tells the reporter why", async () => {
    // A real message in a channel the reporter is not in, and a shortcut claiming other words by someone else there.
    t.fake.seedMessage("C0SECRET001", { ts: "1764200000.000200", text: "Merger talks: do not share", user: OTHER });
    const forgeries = [
      { channel: "C0NOWHERE01", message: { ts: "1764200000.000100", text: "OpenAI is down", user: EMPLOYEE } },
      { channel: "C0SECRET001", message: { ts: "1764200000.000200", text: "OpenAI is down", user: EMPLOYEE } },
      {
        channel: "C0SECRET001",
        message: { ts: "1764200000.000200", text: "Merger talks: do not share", user: EMPLOYEE },
      },
    ];
    for (const [index, { channel, message }] of forgeries.entries()) {
      const title = `Forged shortcut ${index}`;
      const opens = t.fake.callsTo("views.open").length;
      await t.slack.messageShortcut({ callbackId: "log_vendor_incident", channel, message, user: EMPLOYEE });
      await t.fake.waitForCall("views.open", () => t.fake.callsTo("views.open").length > opens);
      const view = t.fake.callsTo("views.open")[opens]?.args.view;
      const earlier = new Set(t.fake.callsTo("chat.postMessage"));
      await t.slack.viewSubmission(view, { vendor: "openai", type: "outage", severity: "sev3", title });
      const card = await t.fake.waitForCall(
        "chat.postMessage",
        (c) => !earlier.has(c) && (c.args.blocks?.[0]?.text?.text ?? "").includes(title),
      );
      assert.equal(card.args.channel, "C0AINOTICES");
      assert.equal(card.args.thread_ts, undefined);
      const told = await t.fake.waitForCall(
        "chat.postMessage",
        (c) => !earlier.has(c) && c.args.channel === EMPLOYEE && /could not find the message/.test(c.args.text ?? ""),
      );
      assert.match(told.args.text, /<#C0AINOTICES>/);
      const [row] = await t.deps.db
        .selectFrom("incidents")
        .select(["source_channel", "source_ts"])
        .where("title", "=", title)
        .execute();
      assert.deepEqual(row, { source_channel: null, source_ts: null });
    }
    assert.equal(await t.deps.followUps.settle(5_000), true);
    const inForgedChannels = t.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === "C0NOWHERE01" || c.args.channel === "C0SECRET001");
    assert.deepEqual(inForgedChannels, []);
  });

  it("changes only the clicker's own form when a vendor is picked, never another user's view", async () => {
    const victims = await openForm(EMPLOYEE, "Gemini rerank errors");
    const mine = await openForm(OTHER, "Gemini embed errors");
    const pickVendor = (user: string, view: { id: string; private_metadata: string }) =>
      t.slack.interaction({
        type: "block_actions",
        user: { id: user, username: "someone", name: "someone", team_id: FAKE_TEAM_ID },
        container: { type: "view", view_id: view.id },
        view: {
          id: view.id,
          team_id: FAKE_TEAM_ID,
          type: "modal",
          callback_id: "incident_create",
          private_metadata: view.private_metadata,
          hash: "1700000000.abcdef",
          blocks: [],
          state: { values: {} },
        },
        actions: [
          {
            type: "static_select",
            action_id: "incident_vendor_select",
            block_id: "vendor",
            selected_option: { text: { type: "plain_text", text: "Google" }, value: "google" },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      });
    const updates = () => t.fake.callsTo("views.update");

    // The victim's own form, as the victim would send it, but from someone else.
    await refusedTo(OTHER, () => pickVendor(OTHER, { id: "V0VICTIMS01", private_metadata: victims.private_metadata }));
    // The clicker's own form's metadata beside the victim's view id: only the clicker's form changes.
    await pickVendor(OTHER, { id: "V0VICTIMS01", private_metadata: mine.private_metadata });
    const update = await t.fake.waitForCall("views.update");
    assert.equal(update.args.view_id, undefined);
    assert.equal(
      update.args.external_id,
      JSON.parse(mine.private_metadata).form && `incident-form-${JSON.parse(mine.private_metadata).form}`,
    );
    assert.notEqual(update.args.external_id, `incident-form-${JSON.parse(victims.private_metadata).form}`);
    assert.equal(updates().length, 1);
  });

  /** `user`'s ephemeral answer to `question`, with the buttons the bot gave it. */
  async function askedBy(user: string, question: string, answered: RegExp): Promise<any[]> {
    await t.slack.slashCommand(`ask ${question}`, { user });
    const response = await t.fake.waitForResponse((r) => answered.test(r.body.text ?? ""));
    return response.body.blocks.flatMap((b: any) => (b.type === "actions" ? b.elements : []));
  }

  const qaRow = (id: number) =>
    t.deps.db.selectFrom("qa_log").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const buttonAnswers = () => t.deps.db.selectFrom("qa_log").select("id").where("surface", "=", "button").execute();

  /** A click as `user`, answered with the refusal `refusal` on the click's own response_url. */
  async function clickRefused(user: string, button: { action_id: string; value: string }, refusal: RegExp) {
    const earlier = new Set(t.fake.responses);
    await t.slack.blockAction({ actionId: button.action_id, value: button.value, user, ephemeral: true });
    const reply = await t.fake.waitForResponse((r) => !earlier.has(r) && refusal.test(r.body.text ?? ""));
    assert.equal(reply.body.response_type, "ephemeral");
  }

  it("refuses feedback naming another user's answer, by its bare id or its own sealed value, and records none", async () => {
    const buttons = await askedBy(EMPLOYEE, "is glm 5 approved", /GLM-5/);
    const helpful = buttons.find((e) => e.action_id === "answers_feedback_helpful");
    const qaId = Number(JSON.parse(helpful.value).qa);
    await clickRefused(OTHER, { ...helpful, value: String(qaId) }, REFUSAL);
    await clickRefused(
      OTHER,
      { ...helpful, value: JSON.stringify({ qa: String(qaId), mac: "AAAAAAAAAAAAAAAAAAAAAA" }) },
      REFUSAL,
    );
    await clickRefused(OTHER, helpful, /was for someone else/);
    assert.equal(await t.deps.followUps.settle(5_000), true);
    const row = await qaRow(qaId);
    assert.equal(row.feedback, null);
    assert.equal(row.feedback_by, null);
  });

  it("refuses a model pick naming another user's question, by its bare id or its own sealed value, and answers nothing", async () => {
    const buttons = await askedBy(EMPLOYEE, "is gemini approved?", /could mean/);
    const flash = buttons.find((e) => /Flash/.test(e.text.text));
    const { qa, model } = JSON.parse(flash.value);
    const before = (await buttonAnswers()).length;
    await clickRefused(OTHER, { ...flash, value: `${qa}:${model}` }, REFUSAL);
    await clickRefused(OTHER, flash, /was for someone else/);
    assert.equal(await t.deps.followUps.settle(5_000), true);
    assert.equal((await buttonAnswers()).length, before);
    assert.equal(t.fake.responses.filter((r) => /Gemini 2\.0 Flash was retired/.test(r.body.text ?? "")).length, 0);
  });
});
