import { App, type AppOptions, type ReceiverEvent } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { bindLogContext, withLogContext } from "../log-context.ts";

/**
 * Bolt's App, with every request handled inside that request's log context.
 * processEvent is where a receiver hands Bolt a verified request, in HTTP
 * and Socket Mode alike, and it spans everything Bolt does with it: the ack,
 * the middleware, the listeners and their follow-up work, and the error
 * handler. A middleware would miss the last, which runs after the chain has
 * unwound.
 */
export class RequestContextApp extends App {
  /** Each request's event before Bolt handles it, e.g. with an ack that is timed. */
  private readonly prepare: (event: ReceiverEvent) => ReceiverEvent;

  constructor(options: AppOptions & { prepareEvent?: (event: ReceiverEvent) => ReceiverEvent }) {
    const { prepareEvent, ...appOptions } = options;
    super(appOptions);
    this.prepare = prepareEvent ?? ((event) => event);
    keepCallsInContext(this.client);
    // First in the chain: the per-workspace clients Bolt hands listeners are made on demand.
    this.use(async ({ client, next }) => {
      keepCallsInContext(client);
      await next();
    });
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    return withLogContext(requestLogContext(event.body), () => super.processEvent(this.prepare(event)));
  }
}

const inContext = new WeakSet<WebClient>();

/**
 * A Web API client queues the calls beyond its concurrency, and all of them
 * while a 429 pauses it, and starts each from the end of an earlier call:
 * without this, a queued call logs its request and response lines in the
 * context of whichever request's call it followed. The queue is the
 * client's own, not a public option; a client without one is left as it is.
 */
function keepCallsInContext(client: WebClient): void {
  if (inContext.has(client)) return;
  inContext.add(client);
  const queue = (client as unknown as { requestQueue?: { add?: unknown } }).requestQueue;
  if (!queue || typeof queue.add !== "function") return;
  const add = queue.add.bind(queue) as (task: () => unknown, options?: unknown) => unknown;
  queue.add = (task: () => unknown, options?: unknown) => add(bindLogContext(task), options);
}

/** The fields that name a Slack request in the log: Slack's ids for it, and its team, channel and user. */
export type RequestLogContext = {
  /** Events API: the same id on Slack's retries of one event. */
  eventId?: string;
  eventType?: string;
  command?: string;
  actionId?: string;
  callbackId?: string;
  viewId?: string;
  /** Commands and interactions have no id of their own; their trigger id is unique to each. */
  triggerId?: string;
  team?: string;
  channel?: string;
  user?: string;
};

/** Reads the context from a raw request body of any kind; what a kind lacks is left out. */
export function requestLogContext(body: unknown): RequestLogContext {
  const event = at(body, "event");
  const actions = at(body, "actions");
  const action = Array.isArray(actions) ? actions[0] : undefined;
  const view = at(body, "view");
  return {
    eventId: text(at(body, "event_id")),
    eventType: text(at(event, "type")),
    command: text(at(body, "command")),
    actionId: text(at(action, "action_id")) ?? text(at(body, "action_id")),
    callbackId: text(at(body, "callback_id")) ?? text(at(view, "callback_id")),
    viewId: text(at(view, "id")),
    triggerId: text(at(body, "trigger_id")),
    team:
      text(at(body, "team_id")) ??
      idOf(at(body, "team")) ??
      text(at(at(body, "user"), "team_id")) ??
      text(at(event, "team")),
    channel:
      text(at(body, "channel_id")) ??
      idOf(at(body, "channel")) ??
      text(at(at(body, "container"), "channel_id")) ??
      idOf(at(event, "channel")) ??
      text(at(at(event, "item"), "channel")),
    user: text(at(body, "user_id")) ?? idOf(at(body, "user")) ?? idOf(at(event, "user")),
  };
}

function at(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Slack gives some ids as a string and others as an object with an id, depending on the payload. */
function idOf(value: unknown): string | undefined {
  return text(value) ?? text(at(value, "id"));
}
