import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as nextCheckPhase } from "node:timers/promises";
import { currentLogContext, withLogContext } from "../../src/log-context.ts";
import { createFollowUpScheduler } from "../../src/slack/follow-up-scheduler.ts";

describe("the follow-up scheduler", () => {
  it("starts follow-ups in arrival order, a few per event-loop turn", async () => {
    const scheduler = createFollowUpScheduler({ startsPerTurn: 2 });
    const started: number[] = [];
    const turns = Array.from({ length: 5 }, (_, i) => scheduler.turn().then(() => started.push(i)));
    assert.deepEqual(started, [], "nothing starts in the turn that queued it");
    await nextCheckPhase();
    assert.deepEqual(started, [0, 1]);
    await nextCheckPhase();
    assert.deepEqual(started, [0, 1, 2, 3]);
    await Promise.all(turns);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.deepEqual(scheduler.stats(), { waiting: 0, inFlight: 0 });
  });

  it("lets work that was already waiting for I/O go before queued follow-ups", async () => {
    const scheduler = createFollowUpScheduler({ startsPerTurn: 1 });
    const order: string[] = [];
    const followUps = [scheduler.turn(), scheduler.turn(), scheduler.turn()].map((turn, i) =>
      turn.then(() => order.push(`follow-up ${i}`)),
    );
    // Stands for requests read in the same turn: they run before the next follow-up starts.
    const acks = [0, 1, 2].map((i) => nextCheckPhase().then(() => order.push(`ack ${i}`)));
    await Promise.all([...followUps, ...acks]);
    assert.deepEqual(order.slice(0, 4), ["follow-up 0", "ack 0", "ack 1", "ack 2"]);
    assert.deepEqual(order.slice(4), ["follow-up 1", "follow-up 2"]);
  });

  it("starts urgent follow-ups (those with a trigger_id to open a modal from) before normal ones", async () => {
    const scheduler = createFollowUpScheduler({ startsPerTurn: 1 });
    const started: string[] = [];
    const turns = [
      scheduler.turn().then(() => started.push("mention 1")),
      scheduler.turn().then(() => started.push("mention 2")),
      scheduler.turn("urgent").then(() => started.push("button")),
    ];
    assert.deepEqual(scheduler.stats(), { waiting: 3, inFlight: 0 });
    await Promise.all(turns);
    assert.deepEqual(started, ["button", "mention 1", "mention 2"]);
  });

  it("starves neither lane: each turn of two starts one urgent and one normal follow-up", async () => {
    const scheduler = createFollowUpScheduler({ startsPerTurn: 2 });
    const started: string[] = [];
    const turns = [
      ...[1, 2, 3].map((i) => scheduler.turn().then(() => started.push(`event ${i}`))),
      ...[1, 2, 3].map((i) => scheduler.turn("urgent").then(() => started.push(`click ${i}`))),
    ];
    await nextCheckPhase();
    assert.deepEqual(started, ["click 1", "event 1"]);
    await Promise.all(turns);
    assert.deepEqual(started, ["click 1", "event 1", "click 2", "event 2", "click 3", "event 3"]);
  });

  it("keeps order through a backlog of thousands", async () => {
    const scheduler = createFollowUpScheduler({ startsPerTurn: 50 });
    const started: number[] = [];
    await Promise.all(Array.from({ length: 5000 }, (_, i) => scheduler.turn().then(() => started.push(i))));
    assert.deepEqual(
      started,
      Array.from({ length: 5000 }, (_, i) => i),
    );
  });

  it("says when the backlog reaches 100 and then 1,000, and again after it has drained", async () => {
    const marks: number[] = [];
    const scheduler = createFollowUpScheduler({ startsPerTurn: 500, onBacklog: (waiting) => marks.push(waiting) });
    await Promise.all(Array.from({ length: 1200 }, () => scheduler.turn()));
    assert.deepEqual(marks, [100, 1000]);
    await Promise.all(Array.from({ length: 150 }, () => scheduler.turn()));
    assert.deepEqual(marks, [100, 1000, 100]);
  });

  it("settles once every follow-up in flight has finished", async () => {
    const scheduler = createFollowUpScheduler();
    assert.equal(await scheduler.settle(10), true, "settles at once when idle");
    const finish = scheduler.begin();
    assert.deepEqual(scheduler.stats(), { waiting: 0, inFlight: 1 });
    assert.equal(await scheduler.settle(20), false, "times out while work is in flight");
    const settled = scheduler.settle(5_000);
    setTimeout(finish, 30);
    assert.equal(await settled, true);
    finish();
    assert.deepEqual(scheduler.stats(), { waiting: 0, inFlight: 0 }, "a second finish counts once");
  });

  it("keeps each follow-up in the log context of the request that queued it, whichever request's turn starts it", async () => {
    // One start per turn: the later follow-ups are started from turns the first request scheduled.
    const scheduler = createFollowUpScheduler({ startsPerTurn: 1 });
    const seen = await Promise.all(
      ["Ev0FIRST0001", "Ev0SECOND001", "Ev0THIRD0001"].map((eventId) =>
        withLogContext({ eventId }, async () => {
          await scheduler.turn();
          await nextCheckPhase();
          return currentLogContext()?.eventId;
        }),
      ),
    );
    assert.deepEqual(seen, ["Ev0FIRST0001", "Ev0SECOND001", "Ev0THIRD0001"]);
  });
});
