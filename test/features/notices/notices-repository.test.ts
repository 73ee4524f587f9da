import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import {
  claimDelivery,
  findDueDeliveries,
  insertDeliveries,
  insertNotice,
  type NewDelivery,
} from "../../../src/features/notices/notices-repository.ts";
import { openTestDeps } from "../../support/test-app.ts";

const AT = "2026-06-13T01:00:00.000Z";

describe("the notices repository", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  let noticeId: number;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
    noticeId = await deps.db.transaction().execute((trx) =>
      insertNotice(trx, {
        dedupeKey: "retirement:gpt-4o:2027-01-15:30",
        kind: "retirement",
        incidentId: null,
        modelId: "openai/gpt-4o",
        thresholdDays: 30,
        decidedAt: AT,
        decidedBy: "schedule:retirements",
      }),
    );
  });
  afterEach(() => close());

  const delivery = (dedupeKey: string, notBefore = AT): NewDelivery => ({
    noticeId,
    dedupeKey,
    purpose: "notice",
    parentId: null,
    targetKind: "notice_channel",
    target: "C0AINOTICES",
    systemIds: ["s1"],
    detail: null,
    notBefore,
  });

  it("queues each delivery once, by its dedupe key, and counts only the new ones", async () => {
    assert.equal(await insertDeliveries(deps.db, [delivery("a"), delivery("b")], AT), 2);
    assert.equal(await insertDeliveries(deps.db, [delivery("a"), delivery("c")], AT), 1);
  });

  it("hands out a due delivery to one sender only", async () => {
    await insertDeliveries(deps.db, [delivery("now"), delivery("later", "2026-06-13T02:00:00.000Z")], AT);
    const due = await findDueDeliveries(deps.db, "2026-06-13T01:30:00.000Z", 10);
    assert.equal(due.length, 1, "the later one is not due yet");
    const [first] = due;
    assert.ok(first);
    const lease = (owner: string) => ({ owner, until: "2026-06-13T01:35:00.000Z" });
    assert.equal(await claimDelivery(deps.db, first.id, lease("sender-1")), true);
    assert.equal(await claimDelivery(deps.db, first.id, lease("sender-2")), false);
  });
});
