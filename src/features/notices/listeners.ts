import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import type { Subcommand } from "../../slack/aigov-command.ts";
import { runListener } from "../../slack/run-listener.ts";
import type { Registrar } from "../../slack/slack-surface.ts";
import { ACK_ACTION, buildLockInReport, POST_NOTICE_ACTION } from "./notice-blocks.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function noticeSubcommands(deps: Pick<Deps, "notices">): Subcommand[] {
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

/** "Post notice" under a preview: leads only; queues the notice's deliveries. */
export function postNoticeClicked({ incidents, notices }: Pick<Deps, "incidents" | "notices">) {
  return async ({ action, body, respond }: ButtonArgs) => {
    await incidents.assertLead(body.user.id, "post a notice");
    const incident = await incidents.get(noticeTargetFrom(action.value));
    const { queued } = await notices.queueIncidentNotice(incident.id, body.user.id);
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      text:
        queued > 0
          ? `:loudspeaker: Notice for ${incident.key} queued: ${queued} message${queued === 1 ? "" : "s"} on the way.`
          : `The notice for ${incident.key} was already posted; nothing new to send.`,
    });
  };
}

/** "Acknowledge" for one system under a notice: its owner or a lead. */
export function acknowledgeClicked({ notices }: Pick<Deps, "notices">) {
  return async ({ action, body, respond }: ButtonArgs) => {
    const [noticeId = "", systemId = ""] = (action.value ?? "").split(/:(.*)/s);
    const { systemName, first } = await notices.acknowledge(Number(noticeId), systemId, body.user.id);
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: first
        ? `:white_check_mark: Acknowledged for ${systemName}. Thank you.`
        : `${systemName} was already acknowledged for this notice.`,
    });
  };
}

/** Wires the notice handlers, each wrapped in `runListener`. */
export function registerNoticeListeners(
  registrar: Registrar,
  deps: Pick<Deps, "incidents" | "notices" | "logger" | "followUps">,
): void {
  registrar.action<BlockButtonAction>(POST_NOTICE_ACTION, runListener(deps, postNoticeClicked(deps)));
  registrar.action<BlockButtonAction>(ACK_ACTION, runListener(deps, acknowledgeClicked(deps)));
}

function noticeTargetFrom(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new AppError("invalid_input", "That button does not name an incident.");
  return id;
}
