import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";
import type { FeedFinding } from "../features/feeds/feed-service.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand, CliIo } from "./cli-io.ts";

/** Findings on stdout, failed polls on stderr; whether any poll failed. */
function printFindings(io: CliIo, findings: readonly FeedFinding[]): boolean {
  for (const finding of findings) {
    const line = `${finding.kind.padEnd(9)} ${finding.vendor}: ${finding.message}  (${finding.feed})`;
    if (finding.kind === "error") io.err(line);
    else io.out(line);
  }
  return findings.some((finding) => finding.kind === "error");
}

export const feedsCheckCommand: CliCommand = {
  path: ["feeds", "check"],
  usage: "aigov feeds check [--once]",
  summary:
    "poll vendors' status pages and model lists and print what was found (--once: one poll, then exit, 1 if a poll failed)",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { once: { type: "boolean", default: false } },
    });
    if (positionals.length > 0) throw new AppError("usage", `usage: ${this.usage}`);
    const deps = await openCliDeps(env, io);
    try {
      const findings = await deps.feeds.pollAll({ force: true });
      if (findings.length === 0) io.out("No vendor in the registry has a status_page, models_url or litellm_url.");
      const failed = printFindings(io, findings);
      if (values.once) return failed ? 1 : 0;
      const interval = deps.config.feedsPollMs > 0 ? deps.config.feedsPollMs : 5 * 60_000;
      io.err(`watching; polling due feeds every ${Math.round(interval / 1000)} s (Ctrl-C to stop)`);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(interval, 30_000)));
        printFindings(
          io,
          (await deps.feeds.pollAll()).filter((f) => f.kind !== "unchanged"),
        );
      }
    } finally {
      await deps.db.destroy();
    }
  },
};
