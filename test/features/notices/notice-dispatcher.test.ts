import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { WebClient } from "@slack/web-api";
import type { Deps } from "../../../src/deps.ts";
import { createNoticeDispatcher } from "../../../src/features/notices/notice-dispatcher.ts";
import { createSlackNoticeSender } from "../../../src/features/notices/slack-notice-sender.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { createDispatcher } from "../../../src/main.ts";
import { eventually } from "../../support/eventually.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack.ts";
import { type FakeTimers, fakeTimers } from "../../support/fake-timers.ts";
import { newIncident } from "../../support/incidents.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

const AUDIENCES = ["C0AINOTICES", "C0SUPPORT01", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"];

describe("the notice dispatcher under faults", () => {
  let fake: FakeSlack;
  let deps: Deps;
  let close: () => Promise<void>;
  /** Pacing, Retry-After and backoff run on this clock, and so do the times the app stores: no test waits them out. */
  let timers: FakeTimers;
  before(async () => {
    fake = await startFakeSlack();
  });
  after(() => fake.stop());
  beforeEach(async () => {
    fake.clearFailures();
    timers = fakeTimers();
    ({ deps, close } = await openTestDeps({
      now: timers.appNow,
      env: { SLACK_BOT_TOKEN: fake.botToken, SLACK_API_URL: fake.apiUrl },
    }));
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  afterEach(() => close());

  async function queueSuspensionNotice(title: string) {
    const { incident } = await deps.incidents.create(
      newIncident({ models: ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"], severity: "sev1", title }),
    );
    const { noticeId } = await deps.notices.queueIncidentNotice(incident.id, "U0GOVLEAD1");
    return { incident, noticeId };
  }

  /** Drains the notice's deliveries on the test's clock, with 20 s of it to do so. */
  const drain = (noticeId: number, options: Parameters<typeof createDispatcher>[1] = {}) =>
    createDispatcher(deps, { ...options, timers }).drain({ noticeIds: [noticeId], deadline: timers.now() + 20_000 });

  const postsTo = (channel: string, title: string) =>
    fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && String(c.args.text).includes(title));

  it("waits out a 429's Retry-After for that channel only, and retries a 500", async () => {
    const title = "Suspension under rate limits";
    const { incident, noticeId } = await queueSuspensionNotice(title);
    fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1, channel: "C0SUPPORT01" });
    fake.failNext("chat.postMessage", { status: 500, error: "internal_error", channel: "C0ENGPLAT01" });
    const started = timers.now();
    const outcomes = await drain(noticeId);

    for (const channel of AUDIENCES) assert.equal(postsTo(channel, title).length, 1, channel);
    const deliveries = await deps.notices.deliveriesForIncident(incident.id);
    const sentAt = (target: string) => Date.parse(deliveries.find((d) => d.target === target)?.sentAt ?? "");
    const supportAt = sentAt("C0SUPPORT01");
    const noticeChannelAt = sentAt("C0AINOTICES");
    assert.ok(supportAt - started >= 1000, "the rate-limited channel waited its Retry-After");
    assert.ok(noticeChannelAt < supportAt, "the other channels did not wait for it");
    assert.ok(outcomes.some((o) => o.result === "rate_limited" && /rate limited/.test(o.detail ?? "")));
    assert.ok(outcomes.some((o) => o.result === "retrying" && /HTTP 500/.test(o.detail ?? "")));
    assert.equal(await deps.notices.openDeliveries([noticeId]), 0);
  });

  it("sends only the asked-for notice's deliveries when drained for it (as aigov notify does)", async () => {
    const first = await queueSuspensionNotice("The notice asked for");
    const other = await queueSuspensionNotice("Another notice");
    await drain(first.noticeId);
    assert.equal(await deps.notices.openDeliveries([first.noticeId]), 0);
    for (const channel of AUDIENCES) assert.equal(postsTo(channel, "Another notice").length, 0, channel);
    assert.ok((await deps.notices.openDeliveries([other.noticeId])) > 0, "left for the running bot");
  });

  it("gives up on a permanent error and reports it to the notice channel", async () => {
    const title = "Suspension with a vanished channel";
    const { noticeId } = await queueSuspensionNotice(title);
    fake.failNext("chat.postMessage", { error: "channel_not_found", channel: "C0ENGPLAT01" });
    await drain(noticeId);
    assert.equal(postsTo("C0ENGPLAT01", title).length, 0);
    const report = fake
      .callsTo("chat.postMessage")
      .find(
        (c) =>
          c.args.channel === "C0AINOTICES" &&
          /could not be delivered to 1 recipient[\s\S]*<#C0ENGPLAT01> after 1 attempt: channel_not_found/.test(
            c.args.text,
          ),
      );
    assert.ok(report, "the failure is reported in the notice channel");
    const failed = (await deps.notices.deliveriesForIncident((await deps.incidents.list())[0]?.id ?? 0)).filter(
      (d) => d.state === "failed",
    );
    assert.deepEqual(
      failed.map((d) => [d.target, d.lastError]),
      [["C0ENGPLAT01", "channel_not_found"]],
    );
  });

  it("reports deliveries that fail together in one summary in the notice channel", async () => {
    const title = "Suspension with two vanished channels";
    const { noticeId } = await queueSuspensionNotice(title);
    const earlierCalls = fake.calls.length;
    fake.failNext("chat.postMessage", { error: "channel_not_found", channel: "C0ENGPLAT01" });
    fake.failNext("chat.postMessage", { error: "channel_not_found", channel: "C0SUPPORT01" });
    await drain(noticeId);
    const summaries = fake.calls
      .slice(earlierCalls)
      .filter((c) => c.method === "chat.postMessage")
      .filter((c) => c.args.channel === "C0AINOTICES" && /could not be delivered/.test(c.args.text));
    assert.equal(summaries.length, 1);
    assert.match(
      summaries[0]?.args.text,
      /to 2 recipients[\s\S]*<#C0SUPPORT01>[\s\S]*<#C0ENGPLAT01>|to 2 recipients[\s\S]*<#C0ENGPLAT01>[\s\S]*<#C0SUPPORT01>/,
    );
  });

  it("gives up after a bounded number of attempts and retry window, checking Slack before each new try", async () => {
    const title = "Suspension with a broken Slack";
    const { noticeId } = await queueSuspensionNotice(title);
    fake.failNext("chat.postMessage", { status: 503, channel: "C0SUPPORT01", times: 10 });
    const outcomes = await drain(noticeId, { limits: { maxAttempts: 3, retryWindowMs: 0 } });
    const support = outcomes.filter((o) => o.delivery.target === "C0SUPPORT01");
    assert.deepEqual(
      support.map((o) => o.result),
      ["retrying", "retrying", "retrying", "failed"],
    );
    assert.equal(postsTo("C0SUPPORT01", title).length, 0);
    for (const channel of ["C0AINOTICES", "C0ENGPLAT01", "D0OWNER001", "D0OWNER002"]) {
      assert.equal(postsTo(channel, title).length, 1, channel);
    }
  });

  it("sends nothing new when the same notice is queued again", async () => {
    const title = "Suspension queued twice";
    const { incident, noticeId } = await queueSuspensionNotice(title);
    await drain(noticeId);
    const again = await deps.notices.queueIncidentNotice(incident.id, "U0GOVLEAD2");
    assert.equal(again.queued, 0);
    await drain(noticeId);
    for (const channel of AUDIENCES) assert.equal(postsTo(channel, title).length, 1, channel);
  });

  it("never posts for a sender paused past its lease: the sender that took over posts, once", async () => {
    const title = "Suspension with a paused sender";
    let offsetMs = 0;
    const now = () => new Date(timers.now() + offsetMs);
    const { noticeId } = await queueSuspensionNotice(title);
    const client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const real = createSlackNoticeSender(client);
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let pausedSenders = 0;
    const dispatcher = (sender: typeof real) =>
      createNoticeDispatcher({ db: deps.db, notices: deps.notices, sender, now, timers, logger: deps.logger });
    // The first sender stops (as under SIGSTOP or a long GC) while opening each owner's DM.
    const first = dispatcher({
      ...real,
      async openDirectMessage(user) {
        pausedSenders++;
        await paused;
        return real.openDirectMessage(user);
      },
    }).drain({ noticeIds: [noticeId], deadline: timers.now() + 20_000 });
    await eventually(
      () => pausedSenders === 2 && postsTo("C0ENGPLAT01", title).length === 1,
      "the first sender to post to the channels and stop at both owners",
    );

    offsetMs += 61_000;
    const second = await dispatcher(real).drain({ noticeIds: [noticeId], deadline: timers.now() + 20_000 });
    assert.equal(second.filter((o) => o.result === "sent").length, 2, "the second sender sent the owners' DMs");
    resume();
    const outcomes = await first;
    assert.deepEqual(
      outcomes.filter((o) => o.delivery.targetKind === "owner").map((o) => o.result),
      ["lease_lost", "lease_lost"],
    );
    for (const channel of AUDIENCES) assert.equal(postsTo(channel, title).length, 1, channel);
    assert.equal(await deps.notices.openDeliveries([noticeId]), 0);
  });
});
