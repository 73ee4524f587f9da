import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { HomeView } from "@slack/types";
import type { Deps } from "../../deps.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import { buildHomeView, type HomeData, OPEN_INCIDENTS_SHOWN } from "./home-blocks.ts";

export type HomeOpenedArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** The services App Home reads its sections from. */
export type HomeServices = Pick<Deps, "answers" | "incidents" | "notices">;

/** App Home's plain data, each part from its feature's service, read from indexes and caches. */
export async function gatherHome({ answers, incidents, notices }: HomeServices): Promise<HomeData> {
  const [models, open, openTotal, stats, lockIn] = await Promise.all([
    answers.homeOverview(),
    incidents.list({ openOnly: true, limit: OPEN_INCIDENTS_SHOWN }),
    incidents.count({ openOnly: true }),
    incidents.stats(90),
    notices.lockInReport(),
  ]);
  return { models, incidents: { open, openTotal, stats }, lockIn };
}

/** Every user's App Home. */
export async function buildHome(services: HomeServices): Promise<HomeView> {
  // Each render starts on its own turn of the event loop: many users opening App Home at once never hold acknowledgements.
  await yieldToEventLoop();
  return buildHomeView(await gatherHome(services));
}

/** The Home tab opened: publishes the user's App Home (the Messages and About tabs need nothing). */
export function homeOpened(services: HomeServices) {
  return async ({ event, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== "home") return;
    await client.views.publish({ user_id: event.user, view: await buildHome(services) });
  };
}

export function registerHomeListeners(registrar: Registrar, deps: Deps): void {
  registrar.event("app_home_opened", "app_home_opened", runListener(deps, homeOpened(deps)));
}
