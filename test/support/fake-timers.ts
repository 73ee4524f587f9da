/**
 * A clock for code that waits on it (`now` and `sleep`, as DispatchTimers): a
 * wait ends after one turn of the event loop, with the clock moved on to its
 * end, so a test runs minutes of pacing and backoff in moments. Overlapping
 * waits end in the order of their end times. `appNow` reads the same clock as
 * a Date, for `openDeps({ now })`, so stored times move with it.
 */
export interface FakeTimers {
  now(): number;
  sleep(ms: number): Promise<void>;
  appNow(): Date;
}

/** Starts at the real time by default: stored times (and Slack message metadata made from them) then differ between tests. */
export function fakeTimers(startMs = Date.now()): FakeTimers {
  let current = startMs;
  const waits: { at: number; wake: () => void }[] = [];
  let turnScheduled = false;

  function endNextWait(): void {
    turnScheduled = false;
    waits.sort((a, b) => a.at - b.at);
    const next = waits.shift();
    if (!next) return;
    current = Math.max(current, next.at);
    next.wake();
    scheduleTurn();
  }

  function scheduleTurn(): void {
    if (turnScheduled || waits.length === 0) return;
    turnScheduled = true;
    setImmediate(endNextWait);
  }

  return {
    now: () => current,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        waits.push({ at: current + Math.max(0, ms), wake });
        scheduleTurn();
      }),
    appNow: () => new Date(current),
  };
}
