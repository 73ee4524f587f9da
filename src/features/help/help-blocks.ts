import type { KnownBlock } from "@slack/types";

export interface HelpEntry {
  usage: string;
  summary: string;
}

export interface HelpView {
  text: string;
  blocks: KnownBlock[];
}

/** The help message; `attempted` is an unknown subcommand the user typed. */
export function buildHelpMessage(entries: readonly HelpEntry[], attempted?: string): HelpView {
  const intro = attempted
    ? `I don't know \`/aigov ${attempted}\`. Here is what I can do:`
    : "I help you use AI safely at work: which models are approved, for which data, and what to use instead.";
  const lines = entries.map((entry) => `• \`${entry.usage}\`: ${entry.summary}`);
  return {
    text: `${intro}\n${lines.join("\n")}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: intro } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "You can also mention me in a channel or send me a direct message with a question.",
          },
        ],
      },
    ],
  };
}
