import { type RecordedClientCall, recordingClient } from "./recording-client.ts";

/**
 * Fake Bolt listener arguments for unit tests of named handlers: a `respond`
 * and the recording `client` (recording-client.ts), both writing to one log.
 */
export interface FakeBolt {
  /** Every respond() and Web API call, in order. */
  sent: RecordedClientCall[];
  respond: (message: unknown) => Promise<void>;
  client: ReturnType<typeof recordingClient>["client"];
  /** What was sent through `method` ("respond", "chat.postMessage", "views.publish"). */
  sentTo(method: string): any[];
}

export function fakeBolt(): FakeBolt {
  const slack = recordingClient();
  return {
    sent: slack.calls,
    respond: async (message) => {
      slack.calls.push({ method: "respond", args: message as Record<string, unknown> });
    },
    client: slack.client,
    sentTo: slack.callsTo,
  };
}

/** Hands fake arguments to a handler typed for Bolt's, which the fakes cover only in the parts it reads. */
export function asArgs<A>(args: Record<string, unknown>): A {
  return args as A;
}
