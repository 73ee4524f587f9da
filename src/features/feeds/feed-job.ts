import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { showCard } from "../incidents/listeners.ts";
import { offerNoticeInThread } from "../notices/listeners.ts";
import type { FeedFinding } from "./feed-service.ts";

/**
 * One round of the bot's feed watch: poll what is due, posting the card of
 * each new feed incident and refreshing those that changed as each vendor's
 * feeds are read, then post the card of every feed incident that still has
 * none (also after a crash), and offer their notices. An aborted round stops
 * between steps; what it left undone is found again by the next one.
 */
export async function runFeedRound(deps: Deps, client: WebClient, signal: AbortSignal): Promise<FeedFinding[]> {
  const attempted = new Set<number>();
  const publish = async (ids: Iterable<number>) => {
    for (const id of ids) {
      // A card left unposted is posted by the next round, after the restart.
      if (signal.aborted || attempted.has(id)) continue;
      attempted.add(id);
      try {
        const incident = await deps.incidents.get(id);
        await showCard(deps, client, incident);
        // The preview comes once, with the card; later updates only refresh the card.
        if (!incident.cardTs) await offerNoticeInThread(deps, client, await deps.incidents.get(id));
      } catch (error) {
        deps.logger.error(`could not publish feed incident ${id}`, error);
      }
    }
  };
  // Each vendor's incidents are published as soon as its feeds are read, not after the slowest vendor's.
  const findings = await deps.feeds.pollAll({
    signal,
    onVendorPolled: (vendorFindings) =>
      publish(vendorFindings.flatMap((f) => (f.incidentId !== null ? [f.incidentId] : []))),
  });
  if (signal.aborted) return findings;
  const uncarded = (await deps.incidents.list({ openOnly: false, limit: 200 })).filter(
    (incident) => incident.source === "feed" && !incident.cardTs,
  );
  await publish(uncarded.map((incident) => incident.id));
  return findings;
}
