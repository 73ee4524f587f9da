import type { App } from "@slack/bolt";

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
    event<E extends Parameters<App["event"]>[0] & string>(
      subscription: string,
      eventType: E,
      listener: Parameters<typeof app.event<E>>[1],
    ) {
      surface.events.add(subscription);
      app.event(eventType, listener);
    },
    shortcut(callbackId: string, listener: Parameters<App["shortcut"]>[1]) {
      surface.shortcuts.add(callbackId);
      app.shortcut(callbackId, listener);
    },
    action(actionId: string | RegExp, listener: Parameters<App["action"]>[1]) {
      surface.actions.add(String(actionId));
      app.action(actionId, listener);
    },
    view(callbackId: string, listener: Parameters<App["view"]>[1]) {
      surface.views.add(callbackId);
      app.view(callbackId, listener);
    },
  };
}
