import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Deps } from "../../src/deps.ts";
import { readRegistryFile } from "../../src/features/registry/registry-files.ts";
import { createDispatcher } from "../../src/main.ts";
import { eventually } from "../support/eventually.ts";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { newIncident } from "../support/incidents.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../support/test-app.ts";

const SYSTEMS = 100;
const TITLE = "Suspension during a Slack outage";

describe("a 90-second Slack outage in the middle of a notice to 200 recipients", () => {
  let fake: FakeSlack;
  let deps: Deps;
  let close: () => Promise<void>;
  /** The app's clock runs ahead of the real one when the test moves it on. */
  let offsetMs = 0;
  before(async () => {
    fake = await startFakeSlack();
    ({ deps, close } = await openTestDeps({
      now: () => new Date(Date.now() + offsetMs),
      env: { SLACK_BOT_TOKEN: fake.botToken, SLACK_API_URL: fake.apiUrl },
    }));
    const registry = await readRegistryFile(EXAMPLE_REGISTRY);
    for (let i = 0; i < SYSTEMS; i++) {
      const n = String(i).padStart(3, "0");
      registry.systems.push({
        ...(registry.systems[0] as (typeof registry.systems)[number]),
        id: `outage-system-${n}`,
        name: `Outage system ${n}`,
        owner: `U0OUT${n}`,
        channel: `C0OUT${n}`,
        models: ["anthropic/claude-mythos-5"],
      });
    }
    await deps.registry.importRegistry(registry, "test");
  });
  after(async () => {
    await close();
    await fake.stop();
  });

  /** Moves the app's clock on by `ms`, a second at a time, letting the dispatcher run in between. */
  async function passAppTime(ms: number, until: () => Promise<boolean> = async () => false): Promise<void> {
    for (let passed = 0; passed < ms && !(await until()); passed += 1000) {
      offsetMs += 1000;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("gets exactly one message to every recipient once Slack is back, and at most one summary", async () => {
    const { incident } = await deps.incidents.create(
      newIncident({ models: ["anthropic/claude-mythos-5"], severity: "sev1", title: TITLE }),
    );
    const { noticeId } = await deps.notices.queueIncidentNotice(incident.id, "U0GOVLEAD1");
    const recipients = (await deps.notices.deliveriesForIncident(incident.id)).length;
    assert.ok(recipients >= 200, `${recipients} recipients`);
    // Fast pacing: the outage is measured in attempts on the app's clock, not in real seconds.
    const dispatcher = createDispatcher(deps, { limits: { maxPerMinute: 60_000, perChannelIntervalMs: 50 } });
    dispatcher.start(50);
    try {
      const notices = () => fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes(TITLE));
      await eventually(() => notices().length >= 40, "the first notices to go out", 20_000);
      fake.outage = true;
      // 90 seconds on the app's clock, and long enough in real time for several attempts at each delivery
      // (before, a delivery gave up after five).
      await passAppTime(90_000);
      const mostAttempts = async () =>
        Math.max(...(await deps.notices.deliveriesForIncident(incident.id)).map((d) => d.attempts));
      await passAppTime(30 * 60_000, async () => (await mostAttempts()) >= 6);
      assert.ok((await mostAttempts()) >= 6, "deliveries were tried several times during the outage");
      assert.ok(notices().length < recipients, "the outage began before every notice was out");
      fake.outage = false;
      await passAppTime(60 * 60_000, async () => (await deps.notices.openDeliveries([noticeId])) === 0);
      assert.equal(await deps.notices.openDeliveries([noticeId]), 0, "every delivery is settled");
    } finally {
      await dispatcher.stop();
    }

    const perChannel = new Map<string, number>();
    for (const message of fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes(TITLE))) {
      perChannel.set(String(message.args.channel), (perChannel.get(String(message.args.channel)) ?? 0) + 1);
    }
    assert.equal(perChannel.size, recipients, "every recipient got the notice");
    assert.deepEqual(
      [...perChannel].filter(([, count]) => count !== 1),
      [],
      "nobody got it twice",
    );
    const summaries = fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === "C0AINOTICES" && /could not be delivered/.test(String(c.args.text)));
    assert.ok(summaries.length <= 1, `${summaries.length} failure summaries`);
  });
});
