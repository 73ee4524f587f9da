/**
 * Fake Bolt listener arguments for unit tests of named handlers: a `respond`
 * and a `client` that record what the handler sent, and nothing else.
 */

export interface Recorded {
  method: string;
  args: any;
}

export interface FakeBolt {
  /** Every respond() and Web API call, in order. */
  sent: Recorded[];
  respond: (message: unknown) => Promise<void>;
  client: any;
  /** What was sent through `method` ("respond", "chat.postMessage", "views.publish"). */
  sentTo(method: string): any[];
}

export function fakeBolt(): FakeBolt {
  const sent: Recorded[] = [];
  const record =
    (method: string) =>
    async (args: unknown): Promise<{ ok: true }> => {
      sent.push({ method, args });
      return { ok: true };
    };
  return {
    sent,
    respond: async (message) => {
      await record("respond")(message);
    },
    client: {
      chat: { postMessage: record("chat.postMessage"), postEphemeral: record("chat.postEphemeral") },
      views: { publish: record("views.publish") },
    },
    sentTo: (method) => sent.filter((call) => call.method === method).map((call) => call.args),
  };
}

/** Hands fake arguments to a handler typed for Bolt's, which the fakes cover only in the parts it reads. */
export function asArgs<A>(args: Record<string, unknown>): A {
  return args as A;
}
