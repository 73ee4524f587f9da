import type { WebClientOptions } from "@slack/web-api";
import type { Config } from "../config.ts";
import type { Egress } from "../deps.ts";

/**
 * The Web API options of every client that serves people: the Bolt app's and
 * the one the services' Slack ports post with, so both reach Slack the same way.
 */
export function slackClientOptions(config: Config, egress: Pick<Egress, "fetch">): WebClientOptions {
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    // Also what Bolt's respond() posts to response_urls with.
    fetch: egress.fetch,
    // A listener should fail fast and tell the user, not wait minutes on retries.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  };
}
