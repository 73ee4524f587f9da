import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import type { ReceiverEvent } from "@slack/bolt";
import type { RequestKind } from "../metrics.ts";

/**
 * Measures each Slack request from its receipt to its acknowledgement, by
 * kind, whoever acks it (Bolt for events, listeners for the rest) and over
 * HTTP or Socket Mode alike: it wraps the ack of every event Bolt receives.
 * Over HTTP the clock starts when the request arrives, before its body is
 * read and its signature checked; over Socket Mode, when the envelope does.
 */
export function createAckTiming(record: (kind: RequestKind, seconds: number) => void) {
  const arrivals = new WeakMap<IncomingMessage, number>();
  return {
    /** Notes an HTTP request's arrival. */
    received(req: IncomingMessage): void {
      arrivals.set(req, performance.now());
    },
    /** For HTTPReceiver's customPropertiesExtractor: hands the arrival time to the event. */
    arrivalOf(req: IncomingMessage): { receivedAt?: number } {
      const at = arrivals.get(req);
      return at === undefined ? {} : { receivedAt: at };
    },
    /** The event with an ack that records the time it took; for the app's processEvent. */
    timed(event: ReceiverEvent): ReceiverEvent {
      const receivedAt = Number(event.customProperties?.receivedAt ?? performance.now());
      const ack = event.ack;
      let acked = false;
      return {
        ...event,
        ack: async (response) => {
          await ack(response);
          if (acked) return;
          acked = true;
          record(kindOf(event.body), (performance.now() - receivedAt) / 1000);
        },
      };
    },
  };
}

function kindOf(body: unknown): RequestKind {
  const b = (body ?? {}) as { type?: unknown; command?: unknown };
  if (typeof b.command === "string") return "command";
  switch (b.type) {
    case "event_callback":
      return "event";
    case "block_actions":
    case "interactive_message":
      return "action";
    case "view_submission":
    case "view_closed":
      return "view";
    case "shortcut":
    case "message_action":
      return "shortcut";
    case "block_suggestion":
    case "dialog_suggestion":
      return "options";
    default:
      return "other";
  }
}
