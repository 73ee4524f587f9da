import type {
  AnyMiddlewareArgs,
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";

/**
 * Everything the app answers, as manifest.yml names it. Listeners register
 * through this, so a test can hold the manifest and the code to each other.
 */
export interface SlackSurface {
  commands: Set<string>;
  /** Event subscriptions, e.g. "app_mention" or "message.im". */
  events: Set<string>;
  shortcuts: Set<string>;
  actions: Set<string>;
  views: Set<string>;
}

export function emptySurface(): SlackSurface {
  return { commands: new Set(), events: new Set(), shortcuts: new Set(), actions: new Set(), views: new Set() };
}

type AnyListener = Middleware<AnyMiddlewareArgs>;
type Kind = "command" | "event" | "shortcut" | "action" | "view";

export type Registrar = ReturnType<typeof createRegistrar>;

/**
 * Records each listener in the surface and routes requests to listeners by
 * a map lookup on the command, event type, callback id or action id. Bolt
 * would instead run every registered listener's matchers on every request,
 * an async middleware chain each, which costs the acknowledgement path more
 * the more listeners there are. Listeners receive Bolt's own arguments, and
 * several listeners for one key all run, as under Bolt.
 */
export function createRegistrar(app: App, surface: SlackSurface) {
  const exact = new Map<string, AnyListener[]>();
  const patterns: { kind: Kind; pattern: RegExp; listener: AnyListener }[] = [];
  const add = (kind: Kind, id: string | RegExp, listener: unknown) => {
    if (typeof id !== "string") {
      // A global or sticky pattern would carry state from one test() to the next.
      const pattern = new RegExp(id.source, id.flags.replace(/[gy]/g, ""));
      patterns.push({ kind, pattern, listener: listener as AnyListener });
      return;
    }
    const key = `${kind}:${id}`;
    exact.set(key, [...(exact.get(key) ?? []), listener as AnyListener]);
  };

  app.use(async (args) => {
    const route = routeOf(args);
    const listeners = route ? listenersFor(route) : [];
    if (listeners.length === 0) {
      await args.next();
      return;
    }
    const outcomes = await Promise.allSettled(listeners.map((listener) => listener({ ...args, next: noop })));
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failure) throw failure.reason;
  });

  function listenersFor({ kind, id }: { kind: Kind; id: string }): AnyListener[] {
    const listeners = exact.get(`${kind}:${id}`) ?? [];
    const matching = patterns.filter((entry) => entry.kind === kind && entry.pattern.test(id));
    return matching.length === 0 ? listeners : [...listeners, ...matching.map((entry) => entry.listener)];
  }

  return {
    command(name: string, listener: Middleware<SlackCommandMiddlewareArgs>) {
      surface.commands.add(name);
      add("command", name, listener);
    },
    event<E extends string>(subscription: string, eventType: E, listener: Middleware<SlackEventMiddlewareArgs<E>>) {
      surface.events.add(subscription);
      add("event", eventType, listener);
    },
    shortcut<S extends SlackShortcut>(callbackId: string, listener: Middleware<SlackShortcutMiddlewareArgs<S>>) {
      surface.shortcuts.add(callbackId);
      add("shortcut", callbackId, listener);
    },
    action<A extends SlackAction>(actionId: string | RegExp, listener: Middleware<SlackActionMiddlewareArgs<A>>) {
      surface.actions.add(String(actionId));
      add("action", actionId, listener);
    },
    view<V extends SlackViewAction>(callbackId: string, listener: Middleware<SlackViewMiddlewareArgs<V>>) {
      surface.views.add(callbackId);
      add("view", callbackId, listener);
    },
  };
}

/** Which listeners a request is for, from the arguments Bolt has already parsed. */
function routeOf(args: AnyMiddlewareArgs): { kind: Kind; id: string } | null {
  if ("command" in args && args.command) return { kind: "command", id: args.command.command };
  if ("event" in args && args.event) return { kind: "event", id: args.event.type };
  if ("shortcut" in args && args.shortcut) return { kind: "shortcut", id: args.shortcut.callback_id };
  if ("view" in args && args.view && args.body.type === "view_submission") {
    return { kind: "view", id: args.view.callback_id };
  }
  if ("action" in args && args.action && args.body.type === "block_actions" && "action_id" in args.action) {
    return { kind: "action", id: args.action.action_id };
  }
  return null;
}

function noop(): Promise<void> {
  return Promise.resolve();
}
