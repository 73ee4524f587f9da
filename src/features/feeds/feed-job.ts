import type { Logger } from "../../logger.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { NoticeService } from "../notices/notice-service.ts";
import type { FeedFinding, FeedService } from "./feed-service.ts";

/** Cards posted per round for feed incidents left without one; the rest wait for the next round. */
const AWAITING_CARD_PER_ROUND = 200;

/**
 * One round of the bot's feed watch: poll what is due, posting the card of
 * each new feed incident and refreshing those that changed as each vendor's
 * feeds are read, then post the card of every feed incident that still has
 * none (also after a crash), and offer their notices. An aborted round stops
 * between steps; what it left undone is found again by the next one.
 */
export async function runFeedRound(
  {
    feeds,
    incidents,
    notices,
    logger,
  }: { feeds: FeedService; incidents: IncidentService; notices: NoticeService; logger: Logger },
  signal: AbortSignal,
): Promise<FeedFinding[]> {
  const attempted = new Set<number>();
  const publish = async (ids: Iterable<number>) => {
    for (const id of ids) {
      // A card left unposted is posted by the next round, after the restart.
      if (signal.aborted || attempted.has(id)) continue;
      attempted.add(id);
      try {
        const before = await incidents.get(id);
        await incidents.publishCard(id);
        // The offer comes once, with the card; later updates only refresh the card.
        if (!before.cardTs) await notices.offerNotice(id, null);
      } catch (error) {
        logger.error(`could not publish feed incident ${id}`, error);
      }
    }
  };
  // Each vendor's incidents are published as soon as its feeds are read, not after the slowest vendor's.
  const findings = await feeds.pollAll({
    signal,
    onVendorPolled: (vendorFindings) =>
      publish(vendorFindings.flatMap((f) => (f.incidentId !== null ? [f.incidentId] : []))),
  });
  if (signal.aborted) return findings;
  const awaiting = await incidents.feedIncidentsAwaitingCard(AWAITING_CARD_PER_ROUND);
  await publish(awaiting.map((incident) => incident.id));
  return findings;
}
