import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** What Slack asked for, as the acknowledgement metrics label it. */
export type RequestKind = "event" | "command" | "action" | "view" | "shortcut" | "options" | "other";

/** The outcomes a notice delivery attempt can have. */
export type DeliveryOutcome = "sent" | "reconciled" | "retried" | "rate_limited" | "failed" | "lease_lost";

/** Readings taken from the app's state at each scrape, rather than counted as things happen. */
export interface ScrapeSources {
  followUps(): { waiting: number; inFlight: number };
  /** Notice deliveries (the outbox) by state. */
  noticeOutbox(): Promise<Record<string, number>>;
  incidentsByStatus(): Promise<Record<string, number>>;
  /** Each feed's current backoff: 0 while it succeeds. */
  feedBackoff(): Promise<{ vendor: string; feed: string; backoffSeconds: number; failures: number }[]>;
}

/** Answers have a path (`deterministic`, `llm:NAME`); the LLM explainer reports its providers' health. */
export interface AnswerMetrics {
  answered(path: string, seconds: number): void;
  llmFailed(provider: string, reason: "error" | "unusable"): void;
  llmCooledDown(provider: string): void;
}

export interface Metrics extends AnswerMetrics {
  readonly registry: Registry;
  acknowledged(kind: RequestKind, seconds: number): void;
  noticeDelivery(outcome: DeliveryOutcome): void;
  feedPolled(vendor: string, feed: string, outcome: "ok" | "not_modified" | "error"): void;
}

/** Slack allows 3 s to acknowledge; the buckets resolve the part that matters, well under it. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Deterministic answers take milliseconds, LLM ones seconds. */
const ANSWER_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 20];

/**
 * Every metric the bot exports, on one registry: built once by the
 * composition root and served at /metrics. Gauges that read the database
 * are collected at scrape time and never fail a scrape: a source that
 * cannot be read leaves its gauges empty, and aigov_scrape_source_up says so.
 */
export function createMetrics(sources: ScrapeSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  // prom-client collects every metric of a scrape at once: they share one round of database readings.
  let readingsInFlight: Promise<Readings> | null = null;
  const readings = (): Promise<Readings> => {
    readingsInFlight ??= readSources(sources).finally(() => {
      readingsInFlight = null;
    });
    return readingsInFlight;
  };
  /** Sets a gauge from this scrape's reading of its source, or leaves it empty rather than stale. */
  const fromReading = <K extends keyof Readings>(
    gauge: Gauge<string>,
    source: K,
    set: (value: Awaited<ReturnType<ScrapeSources[K]>>) => void,
  ) =>
    readings().then((all) => {
      gauge.reset();
      const reading = all[source];
      if (reading.status === "fulfilled") set(reading.value as Awaited<ReturnType<ScrapeSources[K]>>);
    });

  new Gauge({
    name: "aigov_scrape_source_up",
    help: "Whether this scrape could read a source of gauges (1) or not (0, e.g. the database is unavailable).",
    labelNames: ["source"] as const,
    registers,
    async collect() {
      const all = await readings();
      for (const source of Object.keys(all) as (keyof Readings)[]) {
        this.set({ source: SOURCE_LABELS[source] }, all[source].status === "fulfilled" ? 1 : 0);
      }
    },
  });
  const acknowledged = new Counter({
    name: "aigov_slack_requests_acknowledged_total",
    help: "Slack requests acknowledged, by kind.",
    labelNames: ["kind"] as const,
    registers,
  });
  const ackSeconds = new Histogram({
    name: "aigov_slack_ack_duration_seconds",
    help: "Time from receiving a Slack request to acknowledging it, by kind.",
    labelNames: ["kind"] as const,
    buckets: ACK_BUCKETS,
    registers,
  });
  new Gauge({
    name: "aigov_follow_ups",
    help: "Acknowledged requests whose follow-up work is waiting to start (waiting) or not finished (in_flight).",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const { waiting, inFlight } = sources.followUps();
      this.set({ state: "waiting" }, waiting);
      this.set({ state: "in_flight" }, inFlight);
    },
  });
  const answers = new Counter({
    name: "aigov_answers_total",
    help: "Questions answered, by the path that produced the answer (deterministic, llm:NAME).",
    labelNames: ["path"] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: "aigov_answer_duration_seconds",
    help: "Time to answer a question, by path.",
    labelNames: ["path"] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const llmFailures = new Counter({
    name: "aigov_llm_provider_failures_total",
    help: "LLM provider calls that failed (error: timeout, HTTP or connection error; unusable: a reply that was thrown away).",
    labelNames: ["provider", "reason"] as const,
    registers,
  });
  const llmCooldowns = new Counter({
    name: "aigov_llm_provider_cooldowns_total",
    help: "Times an LLM provider that kept failing was set aside for LLM_COOLDOWN_SECONDS.",
    labelNames: ["provider"] as const,
    registers,
  });
  const deliveries = new Counter({
    name: "aigov_notice_deliveries_total",
    help: "Notice delivery attempts, by outcome (sent, reconciled, retried, rate_limited, failed, lease_lost).",
    labelNames: ["outcome"] as const,
    registers,
  });
  new Gauge({
    name: "aigov_notice_outbox",
    help: "Notice deliveries in the outbox, by state (pending, sending, sent, failed).",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      await fromReading(this, "noticeOutbox", (sizes) => {
        for (const [state, count] of Object.entries(sizes)) this.set({ state }, count);
      });
    },
  });
  const feedPolls = new Counter({
    name: "aigov_feed_polls_total",
    help: "Polls of vendors' feeds, by vendor, feed kind and outcome (ok, not_modified, error).",
    labelNames: ["vendor", "feed", "outcome"] as const,
    registers,
  });
  new Gauge({
    name: "aigov_feed_backoff_seconds",
    help: "How long a failing feed waits before its next poll (0 while it succeeds), by vendor and feed kind.",
    labelNames: ["vendor", "feed"] as const,
    registers,
    async collect() {
      await fromReading(this, "feedBackoff", (feeds) => {
        for (const { vendor, feed, backoffSeconds } of feeds) this.set({ vendor, feed }, backoffSeconds);
      });
    },
  });
  new Gauge({
    name: "aigov_feed_consecutive_failures",
    help: "Polls in a row that failed, by vendor and feed kind.",
    labelNames: ["vendor", "feed"] as const,
    registers,
    async collect() {
      await fromReading(this, "feedBackoff", (feeds) => {
        for (const { vendor, feed, failures } of feeds) this.set({ vendor, feed }, failures);
      });
    },
  });
  new Gauge({
    name: "aigov_incidents",
    help: "Incidents, by status (open, investigating, mitigated, resolved).",
    labelNames: ["status"] as const,
    registers,
    async collect() {
      await fromReading(this, "incidentsByStatus", (counts) => {
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      });
    },
  });

  return {
    registry,
    acknowledged(kind, seconds) {
      acknowledged.inc({ kind });
      ackSeconds.observe({ kind }, seconds);
    },
    answered(path, seconds) {
      answers.inc({ path });
      answerSeconds.observe({ path }, seconds);
    },
    llmFailed: (provider, reason) => llmFailures.inc({ provider, reason }),
    llmCooledDown: (provider) => llmCooldowns.inc({ provider }),
    noticeDelivery: (outcome) => deliveries.inc({ outcome }),
    feedPolled: (vendor, feed, outcome) => feedPolls.inc({ vendor, feed, outcome }),
  };
}

/** The sources read from the database at each scrape, each settled on its own. */
type Readings = {
  [K in "noticeOutbox" | "incidentsByStatus" | "feedBackoff"]: PromiseSettledResult<
    Awaited<ReturnType<ScrapeSources[K]>>
  >;
};

const SOURCE_LABELS: Record<keyof Readings, string> = {
  noticeOutbox: "notice_outbox",
  incidentsByStatus: "incidents",
  feedBackoff: "feeds",
};

async function readSources(sources: ScrapeSources): Promise<Readings> {
  const [noticeOutbox, incidentsByStatus, feedBackoff] = await Promise.allSettled([
    sources.noticeOutbox(),
    sources.incidentsByStatus(),
    sources.feedBackoff(),
  ]);
  return { noticeOutbox, incidentsByStatus, feedBackoff };
}
