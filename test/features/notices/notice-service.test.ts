import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { createDispatcher } from "../../../src/main.ts";
import { type FakeSlack, startFakeSlack } from "../../support/fake-slack.ts";
import { newIncident } from "../../support/incidents.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

describe("scheduled notices", () => {
  let fake: FakeSlack;
  let deps: Deps;
  let close: () => Promise<void>;
  let now = new Date("2026-12-20T09:00:00Z");
  before(async () => {
    fake = await startFakeSlack();
  });
  after(() => fake.stop());
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps({
      now: () => now,
      env: { SLACK_BOT_TOKEN: fake.botToken, SLACK_API_URL: fake.apiUrl, NOTICE_REMINDER_HOURS: "24" },
    }));
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  afterEach(() => close());

  it("reminds the systems on a retiring model at 30 and 7 days, each threshold once", async () => {
    now = new Date("2026-12-20T09:00:00Z");
    assert.equal(await deps.notices.queueRetirementReminders(), 3);
    assert.equal(await deps.notices.queueRetirementReminders(), 0);
    await createDispatcher(deps).drain({ deadline: Date.now() + 10_000 });
    const translator = fake
      .messagesIn("C0SUPPORT01")
      .filter((m) => /GPT-4o retires on 2027-01-15 \(30-day/.test(m.text));
    assert.equal(translator.length, 1);
    assert.match(JSON.stringify(translator[0]?.blocks), /Help-centre translator/);
    assert.ok(fake.messagesIn("D0OWNER005").some((m) => /30-day/.test(m.text)));

    now = new Date("2027-01-09T09:00:00Z");
    assert.equal(await deps.notices.queueRetirementReminders(), 3);
    assert.equal(await deps.notices.queueRetirementReminders(), 0);
  });

  it("reminds owners who have not acknowledged once, after the delay", async () => {
    now = new Date("2026-06-18T08:00:00Z");
    const { incident } = await deps.incidents.create(
      newIncident({
        models: ["anthropic/claude-mythos-5", "anthropic/claude-fable-5"],
        severity: "sev1",
        title: "Reminder test suspension",
        startedAt: now.toISOString(),
      }),
    );
    const { noticeId } = await deps.notices.queueIncidentNotice(incident.id, "U0GOVLEAD1");
    await createDispatcher(deps).drain({ noticeIds: [noticeId], deadline: Date.now() + 10_000 });
    await deps.notices.acknowledge(noticeId, "support-summarizer", "U0OWNER001");

    now = new Date("2026-06-18T20:00:00Z");
    assert.equal(await deps.notices.queueOwnerReminders(), 0, "not before the delay");
    now = new Date("2026-06-19T09:00:00Z");
    assert.equal(await deps.notices.queueOwnerReminders(), 1, "only the owner who did not acknowledge");
    assert.equal(await deps.notices.queueOwnerReminders(), 0, "one reminder only");
    await createDispatcher(deps).drain({ noticeIds: [noticeId], deadline: Date.now() + 10_000 });
    assert.ok(fake.messagesIn("D0OWNER002").some((m) => /^Reminder: please acknowledge/.test(m.text)));
    assert.ok(!fake.messagesIn("D0OWNER001").some((m) => /^Reminder/.test(m.text)));
  });
});

describe("NOTICE_AUTO_POST", () => {
  it("queues a sev1 suspension's notice at once, and nothing for a sev2 one", async () => {
    const { deps, close } = await openTestDeps({ env: { NOTICE_AUTO_POST: "sev1" } });
    try {
      await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
      const create = (severity: "sev1" | "sev2", title: string) =>
        deps.incidents.create(
          newIncident({
            vendorId: "openai",
            vendorName: "OpenAI",
            models: ["openai/gpt-4o"],
            severity,
            title,
            reporter: "U0EMPLOYEE1",
          }),
        );
      const minor = (await create("sev2", "A sev2 suspension")).incident;
      assert.equal(await deps.notices.autoPostIfAllowed(minor), false);
      assert.equal(await deps.notices.hasNotice(minor.id), false);
      const major = (await create("sev1", "A sev1 suspension")).incident;
      assert.equal(await deps.notices.autoPostIfAllowed(major), true);
      assert.equal(await deps.notices.openDeliveries(), 3);
    } finally {
      await close();
    }
  });
});
