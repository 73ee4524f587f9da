import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { HomeView } from "@slack/types";
import type { Deps } from "../../deps.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import { buildAnswersHomeBlocks } from "../answers/answer-blocks.ts";
import { EXAMPLE_QUESTIONS } from "../answers/answer-engine.ts";
import { buildIncidentsHomeBlocks, INCIDENT_PAGE_SIZE } from "../incidents/incident-blocks.ts";
import { buildLockInReport } from "../notices/notice-blocks.ts";
import { buildHomeView } from "./home-blocks.ts";

/** App Home gathers each feature's section; each comes from that feature's service. */
export function registerHomeListeners(registrar: Registrar, deps: Deps): void {
  registrar.event(
    "app_home_opened",
    "app_home_opened",
    runListener(deps, async ({ event, client }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
      if (event.tab !== "home") return;
      const view = await buildHome(deps);
      await client.views.publish({ user_id: event.user, view });
    }),
  );
}

/** Every user's App Home: each section from its feature's service, read from indexes and caches. */
export async function buildHome(deps: Deps): Promise<HomeView> {
  // Each render starts on its own turn of the event loop: many users opening App Home at once never hold acknowledgements.
  await yieldToEventLoop();
  const [overview, open, openTotal, stats, lockIn] = await Promise.all([
    deps.answers.homeOverview(),
    deps.incidents.list({ openOnly: true, limit: INCIDENT_PAGE_SIZE }),
    deps.incidents.count({ openOnly: true }),
    deps.incidents.stats(90),
    deps.notices.lockInReport(),
  ]);
  return buildHomeView([
    buildAnswersHomeBlocks(overview, EXAMPLE_QUESTIONS),
    buildIncidentsHomeBlocks(open, openTotal, stats),
    buildLockInReport(lockIn).blocks,
  ]);
}
