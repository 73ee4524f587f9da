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
import type { Registrar } from "../../slack/slack-surface.ts";
import {
  buildAnswerMessage,
  buildModelCard,
  FEEDBACK_HELPFUL,
  FEEDBACK_NOT_HELPFUL,
  PICK_MODEL_ACTION,
} from "./answer-blocks.ts";

function isThreadUpdate(text: string): boolean {
  return /^\s*update\s*:/i.test(text.replace(/<@[UW][A-Z0-9]+>/g, " "));
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** `/aigov ask` and `/aigov model`. */
export function answerSubcommands(deps: Deps): Subcommand[] {
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
        await respond({ response_type: "ephemeral", ...buildAnswerMessage(answer, qaId) });
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
          await respond({ response_type: "ephemeral", ...buildAnswerMessage(result.answer, null) });
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

export function registerAnswerListeners(registrar: Registrar, deps: Deps): void {
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
        ...buildAnswerMessage(answer, qaId),
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
        ...buildAnswerMessage(answer, qaId),
      });
    }),
  );

  const feedback = (value: "helpful" | "not_helpful") =>
    runListener(deps, async ({ action, body, respond }: ButtonArgs) => {
      await deps.answers.recordFeedback(Number(action.value), value, body.user.id);
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
      const [qaId = "", modelId = ""] = (action.value ?? "").split(/:(.*)/s);
      const question = await deps.answers.loggedQuestion(Number(qaId));
      const { answer, qaId: newQaId } = await deps.answers.ask({
        question,
        surface: "button",
        userId: body.user.id,
        channelId: body.channel?.id ?? null,
        forcedModelId: modelId,
      });
      const message = buildAnswerMessage(answer, newQaId);
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
