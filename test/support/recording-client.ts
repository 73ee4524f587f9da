import type { WebClient } from "@slack/web-api";

export interface RecordedClientCall {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A stand-in for the Bolt `client` handed to a listener: it records each
 * Web API call and answers as Slack would, well enough for a handler test.
 * `failures` makes a method fail with a Slack platform error code, per channel.
 */
export function recordingClient(failures: Record<string, Record<string, string>> = {}): {
  client: WebClient;
  calls: RecordedClientCall[];
  callsTo(method: string): Record<string, unknown>[];
} {
  const calls: RecordedClientCall[] = [];
  let ts = 1000;
  const method =
    (name: string, answer: (args: Record<string, unknown>) => Record<string, unknown> = () => ({})) =>
    async (args: Record<string, unknown>) => {
      calls.push({ method: name, args });
      const code = failures[name]?.[String(args.channel)];
      if (code) throw Object.assign(new Error(`An API error occurred: ${code}`), { data: { ok: false, error: code } });
      return { ok: true, ...answer(args) };
    };
  const client = {
    chat: {
      postMessage: method("chat.postMessage", (args) => ({ channel: args.channel, ts: `${ts++}.000100` })),
      postEphemeral: method("chat.postEphemeral"),
      update: method("chat.update"),
      getPermalink: method("chat.getPermalink", (args) => ({
        permalink: `https://example.slack.com/archives/${args.channel}/p${String(args.message_ts).replace(".", "")}`,
      })),
    },
    views: { open: method("views.open"), update: method("views.update"), publish: method("views.publish") },
    conversations: { replies: method("conversations.replies", () => ({ messages: [] })) },
  };
  return {
    client: client as unknown as WebClient,
    calls,
    callsTo: (name) => calls.filter((call) => call.method === name).map((call) => call.args),
  };
}
