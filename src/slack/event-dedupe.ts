import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Db } from "../db/connection.ts";
import type { Logger } from "../logger.ts";
import { claimSlackEvent, claimSlackKey } from "./slack-events-repository.ts";

/**
 * Lets each Events API delivery through once. Keys are the event id and the
 * message's channel and ts, so a retry (same id) and a re-delivery under a
 * new id (same message) both stop here. Old claims go in the nightly prune
 * (src/features/retention).
 */
export function dedupeEvents(db: Db, logger: Logger, now: () => Date): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const envelope = body as { type?: string; event_id?: string; event?: EventLike };
    if (envelope.type !== "event_callback" || !envelope.event) {
      await next();
      return;
    }
    const keys = eventKeys(envelope.event_id, envelope.event);
    let repeated = false;
    try {
      repeated = keys.length > 0 && !(await claimSlackEvent(db, keys, now()));
    } catch (error) {
      // Bolt has acknowledged the event, so Slack will not send it again: dropping it here would leave
      // the user with no answer and no error. A rare repeat is the lesser harm.
      logger.warn(`could not record ${keys.join(", ")} as handled; handling it anyway`, error);
    }
    if (repeated) {
      logger.debug(`skipping a repeated delivery of ${keys.join(", ")}`);
      return;
    }
    await next();
  };
}

interface EventLike {
  type?: string;
  channel?: string;
  ts?: string;
  event_ts?: string;
  item?: { channel?: string; ts?: string };
  reaction?: string;
  user?: string;
}

function eventKeys(eventId: string | undefined, event: EventLike): string[] {
  const keys: string[] = [];
  if (eventId) keys.push(`id:${eventId}`);
  if (event.type === "reaction_added" && event.item?.ts) {
    keys.push(`reaction:${event.item.channel}:${event.item.ts}:${event.reaction}:${event.user}`);
  } else if (event.channel && event.ts) {
    keys.push(`${event.type}:${event.channel}:${event.ts}`);
  }
  return keys;
}

/**
 * True the first time a form (a view, by its id) is submitted with valid
 * values. Slack sends a submission once; a second one with the same view id
 * is a replay (a signed request may be sent again for five minutes), and
 * acting on it would log the same incident twice.
 */
export function claimViewSubmission(db: Db, viewId: string, at: Date): Promise<boolean> {
  return claimSlackKey(db, `view_submission:${viewId}`, at);
}
