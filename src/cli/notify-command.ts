import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { createDispatcher, openDeps } from "../main.ts";
import type { CliCommand } from "./cli-io.ts";

const DELIVERY_DEADLINE_MS = 10 * 60_000;

export const notifyCommand: CliCommand = {
  path: ["notify"],
  usage: "aigov notify INC-… [--actor NAME]",
  summary: "queue an incident's notice and deliver it now, printing each delivery (needs SLACK_BOT_TOKEN)",
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { actor: { type: "string" } } });
    if (positionals.length !== 1) throw new AppError("usage", `usage: ${this.usage}`);
    const deps = await openDeps(loadConfig());
    try {
      const dispatcher = createDispatcher(deps, {
        onOutcome: ({ delivery, result, detail }) => {
          const where = delivery.targetKind === "owner" ? `@${delivery.target}` : `#${delivery.target}`;
          io.out(
            `${result.padEnd(10)} ${delivery.purpose.padEnd(13)} ${where} (${delivery.targetKind})${detail ? `: ${detail}` : ""}`,
          );
        },
      });
      const incident = await deps.incidents.getByKey(positionals[0] as string);
      const { noticeId, queued } = await deps.notices.queueIncidentNotice(
        incident.id,
        values.actor ?? `cli:${userInfo().username}`,
      );
      if (queued === 0 && (await deps.notices.openDeliveries([noticeId])) === 0) {
        io.out(
          `${incident.key}: the notice for its current status (${incident.status}) was already delivered; nothing new to send.`,
        );
        return 0;
      }
      await dispatcher.drain({ noticeIds: [noticeId], deadline: Date.now() + DELIVERY_DEADLINE_MS });
      const deliveries = (await deps.notices.deliveriesForIncident(incident.id)).filter((d) => d.noticeId === noticeId);
      const count = (state: string) => deliveries.filter((d) => d.state === state).length;
      io.out(
        `${incident.key}: ${count("sent")} delivered, ${count("failed")} failed, ${count("pending") + count("sending")} still queued`,
      );
      return count("failed") > 0 || count("pending") + count("sending") > 0 ? 1 : 0;
    } finally {
      await deps.db.destroy();
    }
  },
};
