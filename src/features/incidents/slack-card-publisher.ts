import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.ts";
import { link } from "../../slack/mrkdwn.ts";
import type { Incident } from "./incident.ts";
import { buildIncidentCard } from "./incident-blocks.ts";
import type { CardPublisher } from "./incident-service.ts";

/** Slack errors that mean "not here": the card then tries the next place. */
const REFUSALS: Record<string, string> = {
  not_in_channel: "I am not in that channel; invite me with `/invite @aigov` to get cards there",
  channel_not_found: "I cannot see that channel",
  is_archived: "that channel is archived",
};

/**
 * Incident cards in Slack: updated in place once posted; else posted in the
 * source thread, the notice channel or the reporter's DM, the first that
 * takes it. `client` is asked for at each use, so a process without a bot
 * token fails only when it actually shows a card.
 */
export function createSlackCardPublisher(client: () => WebClient, logger: Logger): CardPublisher {
  return {
    async show(incident, content) {
      const slack = client();
      const card = buildIncidentCard(incident, content);
      if (incident.cardChannel && incident.cardTs) {
        await slack.chat.update({ channel: incident.cardChannel, ts: incident.cardTs, ...card });
        return null;
      }
      const refused: { channel: string; code: string }[] = [];
      for (const place of content.places) {
        try {
          const posted = await slack.chat.postMessage({
            channel: place.channel,
            ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
            ...card,
          });
          const ts = String(posted.ts);
          const channel = String(posted.channel ?? place.channel);
          const url = await slack.chat
            .getPermalink({ channel, message_ts: ts })
            .then((result) => result.permalink ?? null)
            .catch(() => null);
          if (refused.length > 0) await tellWhereTheCardWent(slack, logger, incident, refused, place.channel, url);
          return { channel, ts, url };
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          if (code === undefined || !(code in REFUSALS)) throw error;
          logger.warn(`cannot post ${incident.key}'s card in ${place.channel} (${code}); trying the next place`);
          refused.push({ channel: place.channel, code });
        }
      }
      return null;
    },
  };
}

/**
 * A reporter who expected the card in their channel would otherwise never
 * learn that it went elsewhere: they are told by direct message, since the
 * bot cannot post (even ephemerally) where it was refused.
 */
async function tellWhereTheCardWent(
  slack: WebClient,
  logger: Logger,
  incident: Incident,
  refused: { channel: string; code: string }[],
  postedIn: string,
  url: string | null,
): Promise<void> {
  if (!/^[UW][A-Z0-9]+$/.test(incident.reporter)) return;
  const first = refused[0] as { channel: string; code: string };
  const where = postedIn === incident.reporter ? "here, in our direct messages" : `in <#${postedIn}>`;
  const text = `I could not post ${incident.key}'s card in <#${first.channel}> (${REFUSALS[first.code] ?? first.code}), so it is ${where}: ${link(url, incident.key)}.`;
  await slack.chat
    .postMessage({ channel: incident.reporter, text })
    .catch((error: unknown) =>
      logger.warn(`could not tell ${incident.reporter} where ${incident.key}'s card went`, error),
    );
}
