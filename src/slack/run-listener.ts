import { randomBytes } from "node:crypto";
import type { AllMiddlewareArgs, RespondFn } from "@slack/bolt";
import { isAppError, messageOf } from "../errors.ts";
import { withLogContext } from "../log-context.ts";
import type { Logger } from "../logger.ts";
import type { FollowUpScheduler } from "./follow-up-scheduler.ts";

/** What every listener receives from Bolt, whatever its kind. */
type ListenerArgs = AllMiddlewareArgs & {
  body: unknown;
  ack?: (response?: never) => Promise<void>;
  respond?: RespondFn;
};

/** What the wrapper needs from the app's dependencies. */
export interface ListenerContext {
  logger: Logger;
  followUps: FollowUpScheduler;
}

export interface RunOptions {
  /** View submissions answer through ack() itself, so they ack on their own. */
  ack: "first" | "manual";
}

/**
 * The one wrapper around every listener: ack at once (Slack wants an answer
 * within 3 seconds, so nothing slow runs before it), wait for the follow-up
 * scheduler's turn, run the handler, and turn any error into a short
 * ephemeral reply carrying an error id that leads to the full details in
 * the log. Events arrive already acknowledged by Bolt; a handler that acks
 * by itself gets its turn right after its ack.
 */
export function runListener<A extends ListenerArgs>(
  { logger, followUps }: ListenerContext,
  handler: (args: A) => Promise<void>,
  options: RunOptions = { ack: "first" },
): (args: A) => Promise<void> {
  return async (received) => {
    const lane = hasTrigger(received.body) ? "urgent" : "normal";
    let args = received;
    try {
      if (options.ack === "manual" && received.ack) {
        const ack = received.ack;
        args = {
          ...received,
          ack: async (response?: never) => {
            await ack(response);
            await followUps.turn(lane);
          },
        };
      } else {
        if (received.ack) await received.ack();
        await followUps.turn(lane);
      }
      await handler(args);
    } catch (error) {
      const errorId = randomBytes(4).toString("hex");
      const { reply, level } = describeFailure(error, errorId);
      // Every line from here on, the Web API client's included, carries the id the user is shown.
      await withLogContext({ errorId }, async () => {
        if (level === "error") logger.error("listener failed", error);
        else logger[level](`listener refused: ${messageOf(error)}`);
        await tellUser(args, reply).catch((replyError: unknown) =>
          logger.warn("could not tell the user about the error", replyError),
        );
      });
    }
  };
}

/** Commands, clicks and shortcuts carry a trigger_id: a modal opens from it only within 3 seconds. */
function hasTrigger(body: unknown): boolean {
  return typeof (body as { trigger_id?: unknown }).trigger_id === "string";
}

/** Slack refusals the user can do something about, in words; null for the rest. */
function slackErrorForUser(error: unknown): string | null {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  if (code === "expired_trigger_id") {
    return "Slack allows 3 seconds to open a form, and they passed while I was busy. Please try again.";
  }
  return null;
}

/** What the user is told, and how loudly the log records it: refusals are expected, failures are not. */
function describeFailure(error: unknown, errorId: string): { reply: string; level: "info" | "warn" | "error" } {
  if (isAppError(error) && error.isUserFacing) return { reply: `:warning: ${error.message}`, level: "info" };
  const slackRefusal = slackErrorForUser(error);
  if (slackRefusal) return { reply: `:hourglass: ${slackRefusal}`, level: "warn" };
  return {
    reply: `:x: Something went wrong on my side. Please try again; if it keeps happening, give the governance team this error id: \`${errorId}\`.`,
    level: "error",
  };
}

async function tellUser(args: ListenerArgs, text: string): Promise<void> {
  if (args.respond) {
    await args.respond({ response_type: "ephemeral", replace_original: false, text });
    return;
  }
  const { user, channel } = whoAndWhere(args.body);
  if (user && channel) {
    await args.client.chat.postEphemeral({ channel, user, text });
  } else if (user) {
    await args.client.chat.postMessage({ channel: user, text });
  }
}

function whoAndWhere(body: unknown): { user?: string; channel?: string } {
  const b = body as {
    user_id?: string;
    channel_id?: string;
    user?: { id?: string };
    channel?: { id?: string };
    event?: { user?: string; channel?: string };
  };
  return {
    user: b.user_id ?? b.user?.id ?? b.event?.user,
    channel: b.channel_id ?? b.channel?.id ?? b.event?.channel,
  };
}
