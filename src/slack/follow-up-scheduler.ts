/**
 * Puts Slack's acknowledgements ahead of the work that follows them.
 *
 * Slack retries any request not acknowledged within 3 seconds, and a retry
 * is more load, not less. Acking first is not enough on its own: under a
 * burst, the follow-up work of earlier requests (answers, database writes,
 * Web API calls) would take the event loop while later requests wait to be
 * read. So follow-ups start in FIFO order, a few per event-loop turn, from
 * the check phase: every request already readable is acknowledged before
 * the next follow-ups begin. Under ordinary load a turn is immediate and
 * nothing waits.
 */
export interface FollowUpScheduler {
  /** Resolves when the caller's follow-up may start. */
  turn(): Promise<void>;
  /** Counts a follow-up as in flight (waiting for its turn or running) until the returned function is called. */
  begin(): () => void;
  /** Resolves true once nothing is in flight, or false after timeoutMs. */
  settle(timeoutMs: number): Promise<boolean>;
  stats(): { waiting: number; inFlight: number };
}

export function createFollowUpScheduler(startsPerTurn = 2): FollowUpScheduler {
  const waiting: (() => void)[] = [];
  let head = 0;
  let turnScheduled = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const startSome = () => {
    turnScheduled = false;
    for (let started = 0; started < startsPerTurn && head < waiting.length; started++) {
      const start = waiting[head] as () => void;
      waiting[head++] = noop;
      start();
    }
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
    } else {
      scheduleTurn();
    }
  };
  const scheduleTurn = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(startSome);
  };
  const notifyIfIdle = () => {
    if (inFlight > 0 || head < waiting.length) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  return {
    turn() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        scheduleTurn();
      });
    },
    begin() {
      inFlight++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        inFlight--;
        notifyIfIdle();
      };
    },
    settle(timeoutMs) {
      if (inFlight === 0 && head === waiting.length) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          idleWaiters = idleWaiters.filter((waiter) => waiter !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        idleWaiters.push(wake);
      });
    },
    stats: () => ({ waiting: waiting.length - head, inFlight }),
  };
}

function noop(): void {}
