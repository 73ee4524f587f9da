import type { CommandArgs, Subcommand } from "../../slack/aigov-command.ts";
import { buildHelpMessage } from "./help-blocks.ts";

/** `/aigov help`, which lists every subcommand, itself included. */
export function createHelpSubcommand(others: readonly Subcommand[]): {
  subcommand: Subcommand;
  fallback: (args: CommandArgs, attempted: string) => Promise<void>;
} {
  const subcommand: Subcommand = {
    name: "help",
    usage: "/aigov help",
    summary: "what I can do",
    run: async ({ respond }) => {
      await respond({ response_type: "ephemeral", ...buildHelpMessage([subcommand, ...others]) });
    },
  };
  return {
    subcommand,
    fallback: async ({ respond }, attempted) => {
      await respond({
        response_type: "ephemeral",
        ...buildHelpMessage([subcommand, ...others], attempted || undefined),
      });
    },
  };
}
