import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
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

export type Registrar = ReturnType<typeof createRegistrar>;

export function createRegistrar(app: App, surface: SlackSurface) {
  return {
    command(name: string, ...listeners: Parameters<App["command"]> extends [unknown, ...infer L] ? L : never) {
      surface.commands.add(name);
      app.command(name, ...listeners);
    },
    event<E extends string>(subscription: string, eventType: E, listener: Middleware<SlackEventMiddlewareArgs<E>>) {
      surface.events.add(subscription);
      app.event(eventType, listener);
    },
    shortcut<S extends SlackShortcut>(callbackId: string, listener: Middleware<SlackShortcutMiddlewareArgs<S>>) {
      surface.shortcuts.add(callbackId);
      app.shortcut<S>(callbackId, listener);
    },
    action<A extends SlackAction>(actionId: string | RegExp, listener: Middleware<SlackActionMiddlewareArgs<A>>) {
      surface.actions.add(String(actionId));
      app.action<A>(actionId, listener);
    },
    view<V extends SlackViewAction>(callbackId: string, listener: Middleware<SlackViewMiddlewareArgs<V>>) {
      surface.views.add(callbackId);
      app.view<V>(callbackId, listener);
    },
  };
}
