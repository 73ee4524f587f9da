import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../../src/errors.ts";
import { createLogger } from "../../src/logger.ts";
import type { FollowUpScheduler, Lane } from "../../src/slack/follow-up-scheduler.ts";
import { runListener } from "../../src/slack/run-listener.ts";

/** A scheduler that grants every turn at once and records the order of what happened. */
function recordingContext(steps: string[]) {
  const followUps: FollowUpScheduler = {
    turn: async (lane: Lane = "normal") => {
      steps.push(`turn ${lane}`);
    },
    begin: () => () => {},
    settle: async () => true,
    stats: () => ({ waiting: 0, inFlight: 0 }),
  };
  return { logger: createLogger({ level: "error", write: () => {} }), followUps };
}

const listenerArgs = (steps: string[], body: Record<string, unknown>) =>
  ({
    body,
    ack: async (response?: unknown) => {
      steps.push(response ? `ack ${JSON.stringify(response)}` : "ack");
    },
    respond: async (message: { text: string }) => {
      steps.push(`respond ${message.text}`);
    },
  }) as any;

describe("the listener wrapper", () => {
  it("acks, then waits its turn in the urgent lane when the request carries a trigger_id", async () => {
    const steps: string[] = [];
    await runListener(recordingContext(steps), async () => {
      steps.push("handler");
    })(listenerArgs(steps, { trigger_id: "13345224609.738474920.8088930838d88f008e0" }));
    assert.deepEqual(steps, ["ack", "turn urgent", "handler"]);
  });

  it("puts an event's follow-up in the normal lane", async () => {
    const steps: string[] = [];
    const args = listenerArgs(steps, { type: "event_callback", event: { type: "app_mention" } });
    delete args.ack;
    await runListener(recordingContext(steps), async () => {
      steps.push("handler");
    })(args);
    assert.deepEqual(steps, ["turn normal", "handler"]);
  });

  it("lets a handler that acks by itself answer first, and waits its turn after that ack", async () => {
    const steps: string[] = [];
    await runListener(
      recordingContext(steps),
      async ({ ack }: any) => {
        steps.push("validate");
        await ack({ response_action: "clear" });
        steps.push("handler");
      },
      { ack: "manual" },
    )(listenerArgs(steps, { type: "view_submission", trigger_id: "1.2.3" }));
    assert.deepEqual(steps, ["validate", 'ack {"response_action":"clear"}', "turn urgent", "handler"]);
  });

  it("turns a refusal into the user's own message, and anything else into one with an error id", async () => {
    const steps: string[] = [];
    const context = recordingContext(steps);
    await runListener(context, async () => {
      throw new AppError("forbidden", "Only governance leads can resolve incidents.");
    })(listenerArgs(steps, { trigger_id: "1.2.3" }));
    await runListener(context, async () => {
      throw new Error("database is locked");
    })(listenerArgs(steps, { trigger_id: "1.2.3" }));
    const replies = steps.filter((step) => step.startsWith("respond"));
    assert.equal(replies[0], "respond :warning: Only governance leads can resolve incidents.");
    assert.match(replies[1] ?? "", /^respond :x: Something went wrong.*error id: `[0-9a-f]{8}`/);
    assert.doesNotMatch(replies[1] ?? "", /database is locked/);
  });
});
