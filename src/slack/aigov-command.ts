import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { type ListenerContext, runListener } from "./run-listener.ts";
import type { Registrar } from "./slack-surface.ts";

export const AIGOV_COMMAND = "/aigov";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/aigov <name> …` subcommand, owned by the feature that answers it. */
export interface Subcommand {
  name: string;
  usage: string;
  summary: string;
  run(args: CommandArgs, rest: string): Promise<void>;
}

/**
 * Routes `/aigov` by its first word. An empty or unknown subcommand gets the
 * fallback (the help), which tells the user what went wrong.
 */
export function registerAigovCommand(
  registrar: Registrar,
  context: ListenerContext,
  subcommands: readonly Subcommand[],
  fallback: (args: CommandArgs, attempted: string) => Promise<void>,
): void {
  const byName = new Map(subcommands.map((subcommand) => [subcommand.name, subcommand]));
  registrar.command(
    AIGOV_COMMAND,
    runListener(context, async (args: CommandArgs) => {
      const text = args.command.text.trim();
      const [first = "", ...restWords] = text.split(/\s+/);
      const subcommand = byName.get(first.toLowerCase());
      if (!subcommand) {
        await fallback(args, first);
        return;
      }
      await subcommand.run(args, restWords.join(" ").trim());
    }),
  );
}
