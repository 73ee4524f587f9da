import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";
import type { Delivery } from "../features/notices/notice.ts";
import { createDispatcher } from "../main.ts";
import { count } from "../plural.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand } from "./cli-io.ts";

const DELIVERY_DEADLINE_MS = 10 * 60_000;

export const notifyCommand: CliCommand = {
  path: ["notify"],
  usage: "aigov notify INC-… [--actor NAME]",
  summary: "queue an incident's notice and deliver it now, printing each delivery (needs SLACK_BOT_TOKEN)",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { actor: { type: "string" } } });
    if (positionals.length !== 1) throw new AppError("usage", `usage: ${this.usage}`);
    const deps = await openCliDeps(env, io);
    try {
      const where = (delivery: Delivery) =>
        `${delivery.targetKind === "owner" ? `@${delivery.target}` : `#${delivery.target}`} (${delivery.targetKind})`;
      const dispatcher = createDispatcher(deps, {
        onOutcome: ({ delivery, result, detail }) => {
          io.out(
            `${result.padEnd(10)} ${delivery.purpose.padEnd(13)} ${where(delivery)}${detail ? `: ${detail}` : ""}`,
          );
        },
      });
      const incident = await deps.incidents.getByKey(positionals[0] as string);
      const { noticeId, queued } = await deps.notices.queueIncidentNotice(
        incident.id,
        values.actor ?? `cli:${userInfo().username}`,
      );
      const ofThisNotice = async () =>
        (await deps.notices.deliveriesForIncident(incident.id)).filter((d) => d.noticeId === noticeId);
      if (queued === 0 && (await deps.notices.openDeliveries([noticeId])) === 0) {
        // Nothing is left to send, which is not the same as everything having arrived.
        const failed = (await ofThisNotice()).filter((d) => d.state === "failed");
        if (failed.length === 0) {
          io.out(
            `${incident.key}: the notice for its current status (${incident.status}) was already delivered; nothing new to send.`,
          );
          return 0;
        }
        for (const delivery of failed) {
          io.out(
            `failed     ${delivery.purpose.padEnd(13)} ${where(delivery)}: ${delivery.lastError ?? "unknown error"} (after ${count(delivery.attempts, "attempt")})`,
          );
        }
        io.out(
          `${incident.key}: ${count(failed.length, "delivery", "deliveries")} of the notice for its current status (${incident.status}) failed earlier and ${failed.length === 1 ? "is" : "are"} not retried (listed above); tell ${failed.length === 1 ? "that recipient" : "those recipients"} directly. Nothing new to send.`,
        );
        return 1;
      }
      await dispatcher.drain({ noticeIds: [noticeId], deadline: Date.now() + DELIVERY_DEADLINE_MS });
      const deliveries = await ofThisNotice();
      const inState = (state: string) => deliveries.filter((d) => d.state === state).length;
      io.out(
        `${incident.key}: ${inState("sent")} delivered, ${inState("failed")} failed, ${inState("pending") + inState("sending")} still queued`,
      );
      return inState("failed") > 0 || inState("pending") + inState("sending") > 0 ? 1 : 0;
    } finally {
      await deps.db.destroy();
    }
  },
};
