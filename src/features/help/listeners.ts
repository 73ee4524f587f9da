import type { CommandArgs, Subcommand } from "../../slack/aigov-command.ts";
import { buildHelpMessage, type HelpEntry } from "./help-blocks.ts";

/** What `/aigov help` says of itself in the list. */
export const HELP_ENTRY: HelpEntry = { usage: "/aigov help", summary: "what I can do" };

/** `/aigov help`: every subcommand, help first, for the asker only. */
export function helpRequested(others: readonly HelpEntry[]) {
  return async ({ respond }: Pick<CommandArgs, "respond">): Promise<void> => {
    await respond({ response_type: "ephemeral", ...buildHelpMessage([HELP_ENTRY, ...others]) });
  };
}

/** `/aigov` alone or with a word it does not know: what went wrong, then the help. */
export function unknownSubcommand(others: readonly HelpEntry[]) {
  return async ({ respond }: Pick<CommandArgs, "respond">, attempted: string): Promise<void> => {
    await respond({
      response_type: "ephemeral",
      ...buildHelpMessage([HELP_ENTRY, ...others], attempted || undefined),
    });
  };
}

/** `/aigov help`, which lists every subcommand, itself included, and the fallback for the rest. */
export function createHelpSubcommand(others: readonly Subcommand[]): {
  subcommand: Subcommand;
  fallback: (args: CommandArgs, attempted: string) => Promise<void>;
} {
  return {
    subcommand: { name: "help", ...HELP_ENTRY, run: helpRequested(others) },
    fallback: unknownSubcommand(others),
  };
}
