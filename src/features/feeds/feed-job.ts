import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { showCard } from "../incidents/listeners.ts";
import { offerNoticeInThread } from "../notices/listeners.ts";
import type { FeedFinding } from "./feed-service.ts";

/**
 * One round of the bot's feed watch: poll what is due, then post the card of
 * every feed incident that has none yet (also after a crash), refresh the
 * cards of those that changed, and offer their notices. An aborted round
 * stops between steps; what it left undone is found again by the next one.
 */
export async function runFeedRound(deps: Deps, client: WebClient, signal: AbortSignal): Promise<FeedFinding[]> {
  const findings = await deps.feeds.pollAll({ signal });
  if (signal.aborted) return findings;
  const changed = new Set(findings.flatMap((f) => (f.incidentId !== null ? [f.incidentId] : [])));
  const created = new Set(
    findings.flatMap((f) => (f.kind === "created" && f.incidentId !== null ? [f.incidentId] : [])),
  );
  const uncarded = (await deps.incidents.list({ openOnly: false, limit: 200 })).filter(
    (incident) => incident.source === "feed" && !incident.cardTs,
  );
  for (const incident of uncarded) {
    changed.add(incident.id);
    created.add(incident.id);
  }
  for (const id of changed) {
    // A card left unposted is posted by the next round, after the restart.
    if (signal.aborted) break;
    try {
      await showCard(deps, client, await deps.incidents.get(id));
      // The preview comes once, with the card; later updates only refresh the card.
      if (created.has(id)) await offerNoticeInThread(deps, client, await deps.incidents.get(id));
    } catch (error) {
      deps.logger.error(`could not publish feed incident ${id}`, error);
    }
  }
  return findings;
}
