import type { WebClient } from "@slack/web-api";
import type { Incident } from "../incidents/incident.ts";
import { buildNoticePreview } from "./notice-blocks.ts";
import type { Audience, NoticeOffers } from "./notice-service.ts";

/**
 * Notice offers in Slack, next to the incident's card. `client` is asked for
 * at each use, so a process without a bot token fails only when it offers one.
 */
export function createSlackNoticeOffers(client: () => WebClient): NoticeOffers {
  const preview = (incident: Incident, audience: Audience) =>
    buildNoticePreview(incident.id, incident.key, {
      channels: audience.channels,
      owners: audience.owners,
      systems: audience.systems.map((system) => system.name),
    });
  return {
    async autoPosted(incident) {
      if (!incident.cardChannel || !incident.cardTs) return;
      await client().chat.postMessage({
        channel: incident.cardChannel,
        thread_ts: incident.cardTs,
        text: `:loudspeaker: Notice for ${incident.key} posted automatically (NOTICE_AUTO_POST=sev1).`,
      });
    },
    async previewTo(lead, incident, audience) {
      await client().chat.postEphemeral({
        channel: incident.cardChannel ?? lead,
        user: lead,
        ...preview(incident, audience),
      });
    },
    async previewInThread(incident, audience) {
      if (!incident.cardChannel || !incident.cardTs) return;
      await client().chat.postMessage({
        channel: incident.cardChannel,
        thread_ts: incident.cardTs,
        ...preview(incident, audience),
      });
    },
  };
}
