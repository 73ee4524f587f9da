import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import {
  type AnswerListenerDeps,
  appMentioned,
  askSubcommand,
  type ButtonArgs,
  directMessageReceived,
  feedbackClicked,
  type MentionArgs,
  type MessageArgs,
  modelPicked,
  modelSubcommand,
} from "../../../src/features/answers/listeners.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import type { CommandArgs } from "../../../src/slack/aigov-command.ts";
import { createValueSealer } from "../../../src/slack/signed-values.ts";
import { asArgs, fakeBolt } from "../../support/fake-bolt-args.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

const BOT = "U0AIGOVBOT1";
const blockText = (message: any) => JSON.stringify(message.blocks);
const command = (user: string) => ({ user_id: user, channel_id: "C0GENERAL01" });

describe("answer listeners", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  let services: AnswerListenerDeps;
  before(async () => {
    ({ deps, close } = await openTestDeps({ now: () => new Date("2026-11-24T10:00:00Z") }));
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
    services = { answers: deps.answers, sealer: createValueSealer("xoxb-test") };
  });
  after(() => close());

  /** The sealed value of the button `actionId` (a regex for the pick buttons) in a message. */
  const buttonValue = (message: any, actionId: RegExp, text = /./): string => {
    const buttons = message.blocks.flatMap((block: any) => (block.type === "actions" ? block.elements : []));
    return buttons.find((b: any) => actionId.test(b.action_id) && text.test(b.text.text)).value;
  };

  it("answers a mention in the thread of the question", async () => {
    const slack = fakeBolt();
    const event = { user: "U0EMPLOYEE1", text: `<@${BOT}> Is Claude Opus 5 approved?`, channel: "C0A", ts: "1.1" };
    await appMentioned(services)(asArgs<MentionArgs>({ event, client: slack.client }));
    const [posted] = slack.sentTo("chat.postMessage");
    assert.equal(posted.channel, "C0A");
    assert.equal(posted.thread_ts, "1.1");
    assert.match(posted.blocks[0].text.text, /^:white_check_mark: \*Yes, Claude Opus 5 is approved\.\*/);
  });

  it("leaves a mention from a bot, and an incident update in a thread, unanswered", async () => {
    const slack = fakeBolt();
    const handle = appMentioned(services);
    const base = { user: "U0EMPLOYEE1", channel: "C0A", ts: "1.2" };
    await handle(asArgs<MentionArgs>({ event: { ...base, bot_id: "B0", text: "Is GPT-5 ok?" }, client: slack.client }));
    await handle(
      asArgs<MentionArgs>({
        event: { ...base, thread_ts: "1.0", text: `<@${BOT}> update: vendor says fixed` },
        client: slack.client,
      }),
    );
    assert.deepEqual(slack.sent, []);
  });

  it("answers a direct message in the conversation, and a DM thread reply only when it mentions the bot", async () => {
    const slack = fakeBolt();
    const handle = directMessageReceived(services);
    const base = { channel_type: "im", user: "U0EMPLOYEE2", channel: "D0E2", text: "can I use haiku with PII?" };
    const context = { botUserId: BOT };
    await handle(asArgs<MessageArgs>({ event: { ...base, ts: "2.1" }, client: slack.client, context }));
    await handle(
      asArgs<MessageArgs>({ event: { ...base, ts: "2.3", thread_ts: "2.1" }, client: slack.client, context }),
    );
    await handle(
      asArgs<MessageArgs>({
        event: { ...base, ts: "2.4", thread_ts: "2.1", text: `<@${BOT}> is GPT-5 approved?` },
        client: slack.client,
        context,
      }),
    );
    await handle(
      asArgs<MessageArgs>({ event: { ...base, ts: "2.5", subtype: "message_changed" }, client: slack.client, context }),
    );
    const posted = slack.sentTo("chat.postMessage");
    assert.equal(posted.length, 2);
    assert.equal(posted[0].thread_ts, undefined);
    assert.match(posted[0].blocks[0].text.text, /^:no_entry: \*No, Claude Haiku 4\.5 is not approved/);
    assert.equal(posted[1].thread_ts, "2.1");
    assert.match(posted[1].blocks[0].text.text, /GPT-5/);
  });

  it("answers /aigov ask for the asker only, with sealed feedback buttons", async () => {
    const slack = fakeBolt();
    await askSubcommand(services).run(
      asArgs<CommandArgs>({ command: command("U0EMPLOYEE3"), respond: slack.respond }),
      "Is GPT-4o approved?",
    );
    const [reply] = slack.sentTo("respond");
    assert.equal(reply.response_type, "ephemeral");
    assert.match(reply.blocks[0].text.text, /^:no_entry: \*No, GPT-4o is deprecated/);
    assert.ok(services.sealer.open(buttonValue(reply, /^answers_feedback_helpful$/)));
  });

  it("records feedback from a sealed button and thanks the clicker; refuses a value it did not seal", async () => {
    const asked = fakeBolt();
    await askSubcommand(services).run(
      asArgs<CommandArgs>({ command: command("U0EMPLOYEE6"), respond: asked.respond }),
      "is glm 5 approved",
    );
    const value = buttonValue(asked.sentTo("respond")[0], /^answers_feedback_not_helpful$/);
    const clicked = fakeBolt();
    const click = (v: string) =>
      feedbackClicked(
        services,
        "not_helpful",
      )(asArgs<ButtonArgs>({ action: { value: v }, body: { user: { id: "U0EMPLOYEE6" } }, respond: clicked.respond }));
    await click(value);
    assert.match(clicked.sentTo("respond")[0].text, /governance team reviews unhelpful answers/);
    const qa = Number(JSON.parse(value).qa);
    const row = await deps.db.selectFrom("qa_log").selectAll().where("id", "=", qa).executeTakeFirstOrThrow();
    assert.equal(row.feedback, "not_helpful");
    await assert.rejects(click(JSON.stringify({ qa: String(qa) })), { code: "forbidden" });
  });

  it("answers a picked model again: in place when the answer was ephemeral, in the thread otherwise", async () => {
    const asked = fakeBolt();
    await askSubcommand(services).run(
      asArgs<CommandArgs>({ command: command("U0EMPLOYEE7"), respond: asked.respond }),
      "is gemini approved?",
    );
    const value = buttonValue(asked.sentTo("respond")[0], /^answers_pick_model:/, /Flash/);
    const user = { id: "U0EMPLOYEE7" };

    const ephemeral = fakeBolt();
    await modelPicked(services)(
      asArgs<ButtonArgs>({
        action: { value },
        body: { user, container: { is_ephemeral: true } },
        client: ephemeral.client,
        respond: ephemeral.respond,
      }),
    );
    const [replaced] = ephemeral.sentTo("respond");
    assert.equal(replaced.replace_original, true);
    assert.match(replaced.text, /Gemini 2\.0 Flash was retired/);

    const threaded = fakeBolt();
    await modelPicked(services)(
      asArgs<ButtonArgs>({
        action: { value },
        body: { user, channel: { id: "C0PICKS" }, message: { ts: "3.2", thread_ts: "3.1" } },
        client: threaded.client,
        respond: threaded.respond,
      }),
    );
    const [posted] = threaded.sentTo("chat.postMessage");
    assert.deepEqual([posted.channel, posted.thread_ts], ["C0PICKS", "3.1"]);
  });

  it("shows a model card with /aigov model, and asks for a name when none is given", async () => {
    const slack = fakeBolt();
    const model = modelSubcommand({ ...services, incidents: deps.incidents });
    await model.run(asArgs<CommandArgs>({ respond: slack.respond }), "claude mythos 5");
    const [card] = slack.sentTo("respond");
    assert.match(card.text, /^Claude Mythos 5 \(/);
    assert.match(blockText(card), /Support ticket summarizer/);
    assert.match(blockText(card), /\*Open incidents:\* none/);
    await assert.rejects(model.run(asArgs<CommandArgs>({ respond: slack.respond }), ""), { code: "usage" });
  });
});
