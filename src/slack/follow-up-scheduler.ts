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
 *
 * Follow-ups in the "urgent" lane start before the others: a click or a
 * command carries a trigger_id that opens a modal only within 3 seconds,
 * while an event's answer has no such deadline.
 */
export interface FollowUpScheduler {
  /** Resolves when the caller's follow-up may start. */
  turn(lane?: Lane): Promise<void>;
  /** Counts a request's work as in flight (waiting for its turn or running) until the returned function is called. */
  begin(): () => void;
  /** Resolves true once nothing is in flight, or false after timeoutMs. */
  settle(timeoutMs: number): Promise<boolean>;
  stats(): { waiting: number; inFlight: number };
}

export type Lane = "urgent" | "normal";

export interface SchedulerOptions {
  startsPerTurn?: number;
  /** Told when the backlog first reaches 100, 1,000, 10,000…: answers are then running late. */
  onBacklog?: (waiting: number) => void;
}

export function createFollowUpScheduler(options: SchedulerOptions = {}): FollowUpScheduler {
  const startsPerTurn = options.startsPerTurn ?? 2;
  const lanes: Record<Lane, Fifo> = { urgent: new Fifo(), normal: new Fifo() };
  const waitingCount = () => lanes.urgent.size + lanes.normal.size;
  let nextBacklogMark = FIRST_BACKLOG_MARK;
  let turnScheduled = false;
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const startSome = () => {
    turnScheduled = false;
    for (let started = 0; started < startsPerTurn; started++) {
      // The first start of a turn favours the urgent lane, the others the normal one, so neither starves.
      const start =
        started === 0 ? (lanes.urgent.shift() ?? lanes.normal.shift()) : (lanes.normal.shift() ?? lanes.urgent.shift());
      if (!start) break;
      start();
    }
    if (waitingCount() > 0) scheduleTurn();
  };
  const scheduleTurn = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(startSome);
  };
  const isIdle = () => inFlight === 0 && waitingCount() === 0;

  return {
    turn(lane = "normal") {
      return new Promise<void>((resolve) => {
        lanes[lane].push(resolve);
        scheduleTurn();
        const waiting = waitingCount();
        if (waiting >= nextBacklogMark) {
          nextBacklogMark *= 10;
          options.onBacklog?.(waiting);
        } else if (waiting === 1) {
          // Drained since the last warning: warn again on the next pile-up.
          nextBacklogMark = FIRST_BACKLOG_MARK;
        }
      });
    },
    begin() {
      inFlight++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        inFlight--;
        if (!isIdle()) return;
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const wake of waiters) wake();
      };
    },
    settle(timeoutMs) {
      if (isIdle()) return Promise.resolve(true);
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
    stats: () => ({ waiting: waitingCount(), inFlight }),
  };
}

const FIRST_BACKLOG_MARK = 100;

/** Started slots a queue may hold before it drops them. */
const COMPACT_AFTER = 1024;

/** A queue with O(1) removal from the front, for bursts of thousands. */
class Fifo {
  private items: (() => void)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: () => void): void {
    this.items.push(item);
  }

  shift(): (() => void) | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = noop;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      // A backlog that never empties would otherwise keep every started slot.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

function noop(): void {}
