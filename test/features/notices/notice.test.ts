import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isNoticeDue, planAudience, retirementThresholdReached } from "../../../src/features/notices/notice.ts";

describe("notice rules", () => {
  it("calls for a notice on suspensions and deprecations, and on sev1/sev2 outages, that name something", () => {
    const base = { vendorId: "anthropic", models: [] as string[] };
    assert.equal(isNoticeDue({ ...base, type: "suspension", severity: "sev4" }), true);
    assert.equal(isNoticeDue({ ...base, type: "deprecation", severity: "sev3" }), true);
    assert.equal(isNoticeDue({ ...base, type: "outage", severity: "sev2" }), true);
    assert.equal(isNoticeDue({ ...base, type: "degraded", severity: "sev3" }), false);
    assert.equal(isNoticeDue({ ...base, type: "pricing", severity: "sev1" }), false);
    assert.equal(isNoticeDue({ vendorId: null, models: [], type: "suspension", severity: "sev1" }), false);
  });

  it("tells each channel once, however many of its systems are hit, and each owner about theirs", () => {
    const system = (id: string, channel: string | null, owner: string | null) => ({
      id,
      name: id,
      owner,
      channel,
      data_class: "internal",
      models: ["m"],
    });
    const planned = planAudience(
      [system("a", "C1", "U1"), system("b", "C1", "U2"), system("c", "C0NOTICE", "U1"), system("d", null, null)],
      "C0NOTICE",
    );
    assert.deepEqual(
      planned.map((p) => [p.targetKind, p.target, p.systemIds]),
      [
        ["notice_channel", "C0NOTICE", ["a", "b", "c", "d"]],
        ["system_channel", "C1", ["a", "b"]],
        ["owner", "U1", ["a", "c"]],
        ["owner", "U2", ["b"]],
      ],
    );
  });

  it("reminds at the tightest retirement threshold reached", () => {
    assert.equal(retirementThresholdReached("2027-01-15", "2026-10-01"), null);
    assert.equal(retirementThresholdReached("2027-01-15", "2026-10-17"), 90);
    assert.equal(retirementThresholdReached("2027-01-15", "2026-12-20"), 30);
    assert.equal(retirementThresholdReached("2027-01-15", "2027-01-08"), 7);
    assert.equal(retirementThresholdReached("2027-01-15", "2027-01-16"), null);
  });
});
