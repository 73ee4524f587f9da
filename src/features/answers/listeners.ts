import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import type { Subcommand } from "../../slack/aigov-command.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { ValueSealer } from "../../slack/signed-values.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import {
  buildAnswerMessage,
  buildModelCard,
  FEEDBACK_HELPFUL,
  FEEDBACK_NOT_HELPFUL,
  PICK_MODEL_ACTION,
} from "./answer-blocks.ts";
import type { Answer } from "./answer-engine.ts";

export type MentionArgs = SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs;
export type MessageArgs = SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs;
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** What the answer listeners use: the answers, and the sealer that signs their buttons' values. */
export interface AnswerListenerDeps {
  answers: Deps["answers"];
  sealer: ValueSealer;
}

function isThreadUpdate(text: string): boolean {
  return /^\s*update\s*:/i.test(text.replace(/<@[UW][A-Z0-9]+>/g, " "));
}

/** The answer with its buttons' values sealed, so that a click names an answer the bot gave. */
function answerMessage(sealer: ValueSealer, answer: Answer, qaId: number | null) {
  if (qaId === null) return buildAnswerMessage(answer, null);
  const qa = String(qaId);
  return buildAnswerMessage(answer, {
    feedback: sealer.seal({ qa }),
    pick: (model) => sealer.seal({ qa, model }),
  });
}

const NOT_MINE = "That button did not come from me, so I did nothing with it.";

/**
 * The answer a button names (and the model, for a pick), if the bot wrote
 * the value; else the refusal. Anyone holding the signing secret could
 * otherwise send any answer's id.
 */
function sealedAnswer(sealer: ValueSealer, value: string | undefined): { qaId: number; model: string | null } {
  const fields = sealer.open(value);
  if (typeof fields?.qa !== "string") throw new AppError("forbidden", NOT_MINE);
  return { qaId: Number(fields.qa), model: typeof fields.model === "string" ? fields.model : null };
}

/** A question asked in a conversation, answered there (in `threadTs`'s thread when given). */
async function answerInConversation(
  { answers, sealer }: AnswerListenerDeps,
  client: AllMiddlewareArgs["client"],
  asked: { surface: "mention" | "dm"; question: string; userId: string; channel: string; threadTs: string | undefined },
): Promise<void> {
  const { answer, qaId } = await answers.ask({
    question: asked.question,
    surface: asked.surface,
    userId: asked.userId,
    channelId: asked.channel,
  });
  await client.chat.postMessage({
    channel: asked.channel,
    ...(asked.threadTs ? { thread_ts: asked.threadTs } : {}),
    ...answerMessage(sealer, answer, qaId),
  });
}

/** `/aigov ask <question>`: the answer, for the asker only. */
export function askSubcommand({ answers, sealer }: AnswerListenerDeps): Subcommand {
  return {
    name: "ask",
    usage: "/aigov ask <question>",
    summary: "ask which AI models you may use, for what data and use cases (only you see the answer)",
    run: async ({ command, respond }, question) => {
      const { answer, qaId } = await answers.ask({
        question,
        surface: "command",
        userId: command.user_id,
        channelId: command.channel_id,
      });
      await respond({ response_type: "ephemeral", ...answerMessage(sealer, answer, qaId) });
    },
  };
}

/** `/aigov model <name>`: the model's card with the open incidents that affect it. */
export function modelSubcommand({
  answers,
  incidents,
  sealer,
}: AnswerListenerDeps & Pick<Deps, "incidents">): Subcommand {
  return {
    name: "model",
    usage: "/aigov model <name>",
    summary: "a model's card: status, data, use cases, alternatives, dependent systems",
    run: async ({ respond }, name) => {
      if (name === "") throw new AppError("usage", "Name a model, for example: `/aigov model Claude Opus 5`");
      const result = await answers.modelCard(name);
      if (!("card" in result)) {
        await respond({ response_type: "ephemeral", ...answerMessage(sealer, result.answer, null) });
        return;
      }
      const open = await incidents.openAffecting({ id: result.card.model.id, vendor: result.card.vendorId });
      const links = open.map((incident) => ({
        key: incident.key,
        title: incident.title,
        url: incident.cardUrl ?? incident.sourceUrl,
      }));
      await respond({ response_type: "ephemeral", ...buildModelCard(result.card, links) });
    },
  };
}

/** `/aigov ask` and `/aigov model`. */
export function answerSubcommands(deps: Pick<Deps, "answers" | "incidents">, sealer: ValueSealer): Subcommand[] {
  return [askSubcommand({ answers: deps.answers, sealer }), modelSubcommand({ ...deps, sealer })];
}

/** An @mention in a channel: answered in the thread of the question. */
export function appMentioned({ answers, sealer }: AnswerListenerDeps) {
  return async ({ event, client }: MentionArgs): Promise<void> => {
    if (event.bot_id || !event.user) return;
    // "@aigov update: …" in a thread goes to the incident's timeline, not to the answers.
    if (event.thread_ts && isThreadUpdate(event.text)) return;
    await answerInConversation({ answers, sealer }, client, {
      surface: "mention",
      question: event.text,
      userId: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
    });
  };
}

/**
 * A direct message: answered in the conversation. A reply in a thread of
 * the DM is answered only when it mentions the bot; edits and bots are not.
 */
export function directMessageReceived({ answers, sealer }: AnswerListenerDeps) {
  return async ({ event, client, context }: MessageArgs): Promise<void> => {
    if (event.channel_type !== "im" || event.subtype !== undefined || ("bot_id" in event && event.bot_id)) return;
    if (!("text" in event) || !event.text || !event.user) return;
    const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;
    if (inThread && !(context.botUserId && event.text.includes(`<@${context.botUserId}>`))) return;
    await answerInConversation({ answers, sealer }, client, {
      surface: "dm",
      question: event.text,
      userId: event.user,
      channel: event.channel,
      threadTs: inThread ? event.thread_ts : undefined,
    });
  };
}

/** A Helpful or Not helpful click: recorded against the answer, thanked for the clicker only. */
export function feedbackClicked({ answers, sealer }: AnswerListenerDeps, value: "helpful" | "not_helpful") {
  return async ({ action, body, respond }: ButtonArgs): Promise<void> => {
    const { qaId } = sealedAnswer(sealer, action.value);
    await answers.recordFeedback(qaId, value, body.user.id);
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text:
        value === "helpful"
          ? "Thanks! Glad it helped."
          : "Thanks for telling me. The governance team reviews unhelpful answers.",
    });
  };
}

/**
 * A model picked among several a name fitted: the question answered again
 * for it, where it was asked (in place for an ephemeral answer, else in the thread).
 */
export function modelPicked({ answers, sealer }: AnswerListenerDeps) {
  return async ({ action, body, client, respond }: ButtonArgs): Promise<void> => {
    const { qaId, model } = sealedAnswer(sealer, action.value);
    if (model === null) throw new AppError("forbidden", NOT_MINE);
    const question = await answers.loggedQuestion(qaId, body.user.id);
    const { answer, qaId: newQaId } = await answers.ask({
      question,
      surface: "button",
      userId: body.user.id,
      channelId: body.channel?.id ?? null,
      forcedModelId: model,
    });
    const message = answerMessage(sealer, answer, newQaId);
    if (body.container?.is_ephemeral || !body.channel || !body.message) {
      await respond({ response_type: "ephemeral", replace_original: true, ...message });
      return;
    }
    await client.chat.postMessage({
      channel: body.channel.id,
      thread_ts: body.message.thread_ts ?? body.message.ts,
      ...message,
    });
  };
}

export function registerAnswerListeners(registrar: Registrar, deps: Deps, sealer: ValueSealer): void {
  const answers = { answers: deps.answers, sealer };
  registrar.event("app_mention", "app_mention", runListener(deps, appMentioned(answers)));
  registrar.event("message.im", "message", runListener(deps, directMessageReceived(answers)));
  registrar.action<BlockButtonAction>(FEEDBACK_HELPFUL, runListener(deps, feedbackClicked(answers, "helpful")));
  registrar.action<BlockButtonAction>(FEEDBACK_NOT_HELPFUL, runListener(deps, feedbackClicked(answers, "not_helpful")));
  registrar.action<BlockButtonAction>(PICK_MODEL_ACTION, runListener(deps, modelPicked(answers)));
}
