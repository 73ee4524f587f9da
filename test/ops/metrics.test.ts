import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { FakeOpenAI, type FakeReply } from "../support/fake-openai.ts";
import { FAKE_BOT_USER_ID } from "../support/fake-slack.ts";
import { FeedServer } from "../support/feed-server.ts";
import { type Exposition, parsePrometheusText } from "../support/prometheus-text.ts";
import { EXAMPLE_REGISTRY, startTestApp, type TestApp, tempDir } from "../support/test-app.ts";

const SUSPENSION_PAGE = JSON.stringify({
  page: { id: "tymt9n04zgry", name: "Claude", url: "https://status.claude.com" },
  incidents: [
    {
      id: "metrics0001",
      name: "We have suspended access to Claude Mythos 5",
      status: "identified",
      impact: "major",
      created_at: "2026-06-13T00:50:43.835Z",
      started_at: "2026-06-13T00:50:43.835Z",
      shortlink: "https://stspg.io/metrics0001",
      incident_updates: [
        {
          id: "u1",
          status: "identified",
          body: "Access is suspended to comply with a directive.",
          created_at: "2026-06-13T00:50:43.835Z",
          display_at: "2026-06-13T00:50:43.835Z",
        },
      ],
      components: [],
    },
  ],
});

/** A model that looks the question up with the registry tool, then explains. */
const explains = (_request: unknown, index: number): FakeReply =>
  index % 2 === 0
    ? { toolCalls: [{ name: "answer_with_registry", arguments: { question: "Is Claude Opus 5 approved?" } }] }
    : { content: "Claude Opus 5 is approved for confidential data, per the registry." };

describe("the Prometheus text parser the metrics tests rely on", () => {
  it("reads names, escaped label values, special values and timestamps, and refuses what is not a sample", () => {
    const parsed = parsePrometheusText(
      [
        "# HELP a_total Things, counted.",
        "# TYPE a_total counter",
        'a_total{path="llm:x",note="say \\"hi\\"\\\\ and\\nbye"} 3 1700000000000',
        'b_bucket{le="+Inf"} +Inf',
        "c 1.5e-3",
        "d Nan",
      ].join("\n"),
    );
    assert.equal(parsed.types.get("a_total"), "counter");
    assert.equal(parsed.value("a_total", { path: "llm:x" }), 3);
    assert.equal(parsed.find("a_total")[0]?.labels.note, 'say "hi"\\ and\nbye');
    assert.equal(parsed.value("b_bucket", { le: "+Inf" }), Infinity);
    assert.equal(parsed.value("c"), 0.0015);
    assert.ok(Number.isNaN(parsed.value("d")));
    assert.equal(parsed.value("absent_total"), 0);
    assert.throws(() => parsePrometheusText('a{path="x} 1'), /not a Prometheus sample/);
    assert.throws(() => parsePrometheusText("a one"), /not a Prometheus sample/);
  });
});

describe("/metrics after real traffic", () => {
  let t: TestApp;
  let feed: FeedServer;
  let flaky: FakeOpenAI;
  let good: FakeOpenAI;
  let cleanup: () => void;

  before(async () => {
    const bootedAt = Date.now();
    feed = await new FeedServer().start();
    feed.serve("/api/v2/incidents.json", { body: SUSPENSION_PAGE });
    flaky = await new FakeOpenAI(() => ({ status: 500, error: "overloaded" })).start();
    good = await new FakeOpenAI(explains).start();
    const temp = tempDir();
    cleanup = temp.cleanup;
    const registry = parse(readFileSync(EXAMPLE_REGISTRY, "utf8"));
    for (const vendor of registry.vendors) {
      if (vendor.id === "anthropic") vendor.status_page = feed.url();
      else delete vendor.status_page;
    }
    const file = join(temp.dir, "registry.yml");
    writeFileSync(file, stringify(registry));
    const providers = [
      { name: "flaky", baseUrl: flaky.baseUrl, model: "m1" },
      { name: "good", baseUrl: good.baseUrl, model: "m2" },
    ];
    t = await startTestApp({
      registry: file,
      env: { FEEDS_POLL_MINUTES: "0.02", LLM_PROVIDERS: JSON.stringify(providers), LLM_COOLDOWN_SECONDS: "60" },
      // The day of the incident, with time running, so that polls fall due again.
      now: () => new Date(Date.parse("2026-06-18T08:10:00Z") + (Date.now() - bootedAt)),
    });
  });
  after(async () => {
    await t.close();
    await feed.stop();
    await flaky.stop();
    await good.stop();
    cleanup();
  });

  async function scrape(): Promise<Exposition> {
    const response = await fetch(`${t.baseUrl}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  /** Scrapes until `ready` holds: counters move just after the Slack call a test can observe. */
  async function scrapeUntil(ready: (metrics: Exposition) => boolean, timeoutMs = 10_000): Promise<Exposition> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const metrics = await scrape();
      if (ready(metrics) || Date.now() > deadline) return metrics;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it("counts acknowledgements, answers by path, LLM failures, incidents, notice deliveries and feed polls", async () => {
    const before = await scrape();
    assert.equal(before.types.get("aigov_slack_requests_acknowledged_total"), "counter");
    assert.equal(before.types.get("aigov_slack_ack_duration_seconds"), "histogram");
    assert.equal(before.value("aigov_answers_total", { path: "llm:good" }), 0);
    assert.ok(before.find("process_cpu_user_seconds_total").length === 1, "default process metrics are there");

    // A question by command: the flaky provider fails, the good one answers.
    await t.slack.slashCommand("ask Is Claude Opus 5 approved?");
    await t.fake.waitForResponse((r) => /Claude Opus 5/.test(r.body.text ?? JSON.stringify(r.body.blocks ?? "")));
    // A mention: the flaky provider fails a second time in a row and is set aside.
    await t.slack.event({
      type: "app_mention",
      user: "U0EMPLOYEE1",
      text: `<@${FAKE_BOT_USER_ID}> is claude opus 5 approved?`,
      channel: "C0METRICS01",
      ts: "1781770000.000100",
    });
    await t.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0METRICS01");

    // The feed poll logs an incident, and its preview offers the notice to a lead.
    const preview = await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0AINOTICES" && /notice is due/.test(c.args.text ?? ""),
      10_000,
    );
    const incidentId = preview.args.blocks[1].elements[0].value as string;
    // Slack holds back the notice channel once; the notice still goes out.
    t.fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1, channel: "C0AINOTICES" });
    await t.slack.blockAction({
      actionId: "notice_post",
      value: incidentId,
      user: "U0GOVLEAD1",
      channel: "C0AINOTICES",
    });
    await t.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.channel === "C0AINOTICES" && c.args.metadata?.event_type === "aigov_notice",
      10_000,
    );

    const after = await scrapeUntil(
      (m) =>
        m.value("aigov_notice_deliveries_total", { outcome: "sent" }) >= 1 &&
        m.value("aigov_notice_outbox", { state: "sent" }) >= 1,
    );
    const acked = (kind: string) =>
      after.value("aigov_slack_requests_acknowledged_total", { kind }) -
      before.value("aigov_slack_requests_acknowledged_total", { kind });
    assert.ok(acked("command") >= 1, "the /aigov ask");
    assert.ok(acked("event") >= 1, "the app_mention");
    assert.ok(acked("action") >= 1, "the Post notice click");
    assert.equal(
      after.value("aigov_slack_ack_duration_seconds_count", { kind: "command" }),
      after.value("aigov_slack_requests_acknowledged_total", { kind: "command" }),
      "every acknowledgement is timed",
    );
    const slowestAck = after.find("aigov_slack_ack_duration_seconds_bucket", { kind: "command", le: "3" })[0];
    assert.equal(slowestAck?.value, after.value("aigov_slack_ack_duration_seconds_count", { kind: "command" }));

    assert.equal(after.value("aigov_answers_total", { path: "llm:good" }), 2);
    assert.equal(after.value("aigov_answer_duration_seconds_count", { path: "llm:good" }), 2);
    assert.equal(after.value("aigov_llm_provider_failures_total", { provider: "flaky", reason: "error" }), 2);
    assert.equal(after.value("aigov_llm_provider_cooldowns_total", { provider: "flaky" }), 1);
    assert.equal(after.value("aigov_llm_provider_failures_total", { provider: "good" }), 0);

    assert.ok(
      after.value("aigov_incidents", { status: "open" }) +
        after.value("aigov_incidents", { status: "investigating" }) >=
        1,
    );
    assert.equal(after.value("aigov_incidents", { status: "resolved" }), 0, "every status is listed, even at 0");
    assert.ok(after.value("aigov_notice_deliveries_total", { outcome: "rate_limited" }) >= 1);
    assert.equal(after.value("aigov_notice_deliveries_total", { outcome: "failed" }), 0);
    assert.ok(after.value("aigov_feed_polls_total", { vendor: "anthropic", feed: "statuspage", outcome: "ok" }) >= 1);
    assert.equal(after.value("aigov_feed_backoff_seconds", { vendor: "anthropic", feed: "statuspage" }), 0);
    for (const source of ["incidents", "notice_outbox", "feeds"]) {
      assert.equal(after.value("aigov_scrape_source_up", { source }), 1, source);
    }
    assert.deepEqual(
      after
        .find("aigov_follow_ups")
        .map((s) => s.labels.state)
        .sort(),
      ["in_flight", "waiting"],
    );
  });

  it("counts a failing feed's polls and shows its backoff", async () => {
    feed.serve("/api/v2/incidents.json", { status: 503, body: "<html>down</html>" });
    const metrics = await scrapeUntil(
      (m) => m.value("aigov_feed_polls_total", { vendor: "anthropic", feed: "statuspage", outcome: "error" }) >= 1,
    );
    assert.ok(
      metrics.value("aigov_feed_polls_total", { vendor: "anthropic", feed: "statuspage", outcome: "error" }) >= 1,
    );
    assert.equal(metrics.value("aigov_feed_consecutive_failures", { vendor: "anthropic", feed: "statuspage" }), 1);
    assert.equal(metrics.value("aigov_feed_backoff_seconds", { vendor: "anthropic", feed: "statuspage" }), 60);
  });

  it("still answers a scrape when the database is away, leaving its gauges out and counting the failure", async () => {
    await t.deps.db.destroy();
    const metrics = await scrape();
    assert.deepEqual(metrics.find("aigov_incidents"), []);
    assert.deepEqual(metrics.find("aigov_notice_outbox"), []);
    for (const source of ["incidents", "notice_outbox", "feeds"]) {
      assert.equal(metrics.value("aigov_scrape_source_up", { source }), 0, source);
    }
    assert.ok(metrics.find("aigov_answers_total").length > 0, "the counters are still there");
    assert.equal((await fetch(`${t.baseUrl}/livez`)).status, 200);
    assert.equal((await fetch(`${t.baseUrl}/readyz`)).status, 503);
  });
});
