import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { currentLogContext, withLogContext } from "../src/log-context.ts";

describe("the log context", () => {
  it("is absent outside any context", () => {
    assert.equal(currentLogContext(), undefined);
  });

  it("adds inner fields to the outer ones, skipping undefined ones, and restores the outer on return", () => {
    withLogContext({ eventId: "Ev0OUTER0001", channel: "C0OUTER0001" }, () => {
      withLogContext({ errorId: "0badc0de", channel: undefined }, () => {
        assert.deepEqual(currentLogContext(), { eventId: "Ev0OUTER0001", channel: "C0OUTER0001", errorId: "0badc0de" });
      });
      assert.deepEqual(currentLogContext(), { eventId: "Ev0OUTER0001", channel: "C0OUTER0001" });
    });
    assert.equal(currentLogContext(), undefined);
  });

  it("keeps each of several interleaved flows in its own context across awaits and timers", async () => {
    const flow = (eventId: string, delays: number[]) =>
      withLogContext({ eventId }, async () => {
        const seen: (string | undefined)[] = [];
        for (const ms of delays) {
          await sleep(ms);
          seen.push(currentLogContext()?.eventId);
        }
        return seen;
      });
    const [a, b] = await Promise.all([flow("Ev0A", [5, 1, 5]), flow("Ev0B", [1, 5, 1])]);
    assert.deepEqual(a, ["Ev0A", "Ev0A", "Ev0A"]);
    assert.deepEqual(b, ["Ev0B", "Ev0B", "Ev0B"]);
  });
});
