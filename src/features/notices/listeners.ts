import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import type { Subcommand } from "../../slack/aigov-command.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import type { Incident } from "../incidents/incident.ts";
import { ACK_ACTION, buildLockInReport, buildNoticePreview, POST_NOTICE_ACTION } from "./notice-blocks.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function noticeSubcommands(deps: Deps): Subcommand[] {
  return [
    {
      name: "report",
      usage: "/aigov report lock-in",
      summary: "systems tied to one vendor, or with no approved alternative for their data",
      run: async ({ respond }, rest) => {
        if (rest.trim().toLowerCase() !== "lock-in") throw new AppError("usage", "Usage: `/aigov report lock-in`");
        await respond({ response_type: "ephemeral", ...buildLockInReport(await deps.notices.lockInReport()) });
      },
    },
  ];
}

/**
 * After a lead logs or triages an incident: post the notice at once when
 * NOTICE_AUTO_POST allows it, else show that lead who would be told.
 */
export async function offerNotice(deps: Deps, client: WebClient, incident: Incident, userId: string): Promise<void> {
  if (await deps.notices.autoPostIfAllowed(incident)) {
    if (incident.cardChannel && incident.cardTs) {
      await client.chat.postMessage({
        channel: incident.cardChannel,
        thread_ts: incident.cardTs,
        text: `:loudspeaker: Notice for ${incident.key} posted automatically (NOTICE_AUTO_POST=sev1).`,
      });
    }
    return;
  }
  if (incident.status === "resolved") return;
  const audience = await deps.notices.audienceFor(incident);
  if (!audience.due || !(await deps.incidents.isLead(userId)) || (await deps.notices.hasNotice(incident.id))) return;
  const preview = buildNoticePreview(incident.id, incident.key, {
    channels: audience.channels,
    owners: audience.owners,
    systems: audience.systems.map((s) => s.name),
  });
  await client.chat.postEphemeral({ channel: incident.cardChannel ?? userId, user: userId, ...preview });
}

/** For an incident no person logged (a feed): the preview goes in the card's thread, for any lead to post. */
export async function offerNoticeInThread(deps: Deps, client: WebClient, incident: Incident): Promise<void> {
  if (incident.status === "resolved" || (await deps.notices.autoPostIfAllowed(incident))) return;
  const audience = await deps.notices.audienceFor(incident);
  if (!audience.due || !incident.cardChannel || !incident.cardTs || (await deps.notices.hasNotice(incident.id))) return;
  const preview = buildNoticePreview(incident.id, incident.key, {
    channels: audience.channels,
    owners: audience.owners,
    systems: audience.systems.map((s) => s.name),
  });
  await client.chat.postMessage({ channel: incident.cardChannel, thread_ts: incident.cardTs, ...preview });
}

export function registerNoticeListeners(registrar: Registrar, deps: Deps): void {
  registrar.action<BlockButtonAction>(
    POST_NOTICE_ACTION,
    runListener(deps, async ({ action, body, respond }: ButtonArgs) => {
      await deps.incidents.assertLead(body.user.id, "post a notice");
      const incident = await deps.incidents.get(Number(action.value));
      const { queued } = await deps.notices.queueIncidentNotice(incident.id, body.user.id);
      await respond({
        response_type: "ephemeral",
        replace_original: true,
        text:
          queued > 0
            ? `:loudspeaker: Notice for ${incident.key} queued: ${queued} message${queued === 1 ? "" : "s"} on the way.`
            : `The notice for ${incident.key} was already posted; nothing new to send.`,
      });
    }),
  );

  registrar.action<BlockButtonAction>(
    ACK_ACTION,
    runListener(deps, async ({ action, body, respond }: ButtonArgs) => {
      const [noticeId = "", systemId = ""] = (action.value ?? "").split(/:(.*)/s);
      const { systemName, first } = await deps.notices.acknowledge(Number(noticeId), systemId, body.user.id);
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: first
          ? `:white_check_mark: Acknowledged for ${systemName}. Thank you.`
          : `${systemName} was already acknowledged for this notice.`,
      });
    }),
  );
}
