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

function isThreadUpdate(text: string): boolean {
  return /^\s*update\s*:/i.test(text.replace(/<@[UW][A-Z0-9]+>/g, " "));
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

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

/** `/aigov ask` and `/aigov model`. */
export function answerSubcommands(deps: Deps, sealer: ValueSealer): Subcommand[] {
  return [
    {
      name: "ask",
      usage: "/aigov ask <question>",
      summary: "ask which AI models you may use, for what data and use cases (only you see the answer)",
      run: async ({ command, respond }, question) => {
        const { answer, qaId } = await deps.answers.ask({
          question,
          surface: "command",
          userId: command.user_id,
          channelId: command.channel_id,
        });
        await respond({ response_type: "ephemeral", ...answerMessage(sealer, answer, qaId) });
      },
    },
    {
      name: "model",
      usage: "/aigov model <name>",
      summary: "a model's card: status, data, use cases, alternatives, dependent systems",
      run: async ({ respond }, name) => {
        if (name === "") throw new AppError("usage", "Name a model, for example: `/aigov model Claude Opus 5`");
        const result = await deps.answers.modelCard(name);
        if (!("card" in result)) {
          await respond({ response_type: "ephemeral", ...answerMessage(sealer, result.answer, null) });
          return;
        }
        const model = result.card.model;
        const open = await deps.incidents.openAffecting({ id: model.id, vendor: result.card.vendorId });
        const links = open.map((incident) => ({
          key: incident.key,
          title: incident.title,
          url: incident.cardUrl ?? incident.sourceUrl,
        }));
        const message = buildModelCard(result.card, links);
        await respond({ response_type: "ephemeral", ...message });
      },
    },
  ];
}

export function registerAnswerListeners(registrar: Registrar, deps: Deps, sealer: ValueSealer): void {
  registrar.event(
    "app_mention",
    "app_mention",
    runListener(deps, async ({ event, client }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs) => {
      if (event.bot_id || !event.user) return;
      // "@aigov update: …" in a thread goes to the incident's timeline, not to the answers.
      if (event.thread_ts && isThreadUpdate(event.text)) return;
      const { answer, qaId } = await deps.answers.ask({
        question: event.text,
        surface: "mention",
        userId: event.user,
        channelId: event.channel,
      });
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        ...answerMessage(sealer, answer, qaId),
      });
    }),
  );

  registrar.event(
    "message.im",
    "message",
    runListener(deps, async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
      if (event.channel_type !== "im" || event.subtype !== undefined || ("bot_id" in event && event.bot_id)) return;
      if (!("text" in event) || !event.text || !event.user) return;
      const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;
      if (inThread && !(context.botUserId && event.text.includes(`<@${context.botUserId}>`))) return;
      const { answer, qaId } = await deps.answers.ask({
        question: event.text,
        surface: "dm",
        userId: event.user,
        channelId: event.channel,
      });
      await client.chat.postMessage({
        channel: event.channel,
        ...(inThread ? { thread_ts: event.thread_ts } : {}),
        ...answerMessage(sealer, answer, qaId),
      });
    }),
  );

  const feedback = (value: "helpful" | "not_helpful") =>
    runListener(deps, async ({ action, body, respond }: ButtonArgs) => {
      const { qaId } = sealedAnswer(sealer, action.value);
      await deps.answers.recordFeedback(qaId, value, body.user.id);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text:
          value === "helpful"
            ? "Thanks! Glad it helped."
            : "Thanks for telling me. The governance team reviews unhelpful answers.",
      });
    });
  registrar.action<BlockButtonAction>(FEEDBACK_HELPFUL, feedback("helpful"));
  registrar.action<BlockButtonAction>(FEEDBACK_NOT_HELPFUL, feedback("not_helpful"));

  registrar.action<BlockButtonAction>(
    PICK_MODEL_ACTION,
    runListener(deps, async ({ action, body, client, respond }: ButtonArgs) => {
      const { qaId, model } = sealedAnswer(sealer, action.value);
      if (model === null) throw new AppError("forbidden", NOT_MINE);
      const question = await deps.answers.loggedQuestion(qaId, body.user.id);
      const { answer, qaId: newQaId } = await deps.answers.ask({
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
    }),
  );
}
