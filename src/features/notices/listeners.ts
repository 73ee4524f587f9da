import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import type { Subcommand } from "../../slack/aigov-command.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import { ACK_ACTION, buildLockInReport, POST_NOTICE_ACTION } from "./notice-blocks.ts";

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
