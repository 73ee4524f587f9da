import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.ts";
import { plainVendor, type Registry } from "../src/features/registry/registry.ts";
import { createDispatcher, openDeps } from "../src/main.ts";
import { startFakeSlack } from "../test/support/fake-slack.ts";
import { newIncident } from "../test/support/incidents.ts";
import { testModel } from "../test/support/small-registry.ts";

export interface FanoutFigures {
  channels: number;
  elapsedMs: number;
  minimumMs: number;
  ratio: number;
  duplicates: number;
  lost: number;
  rateLimited: number;
}

const LIMITS = { perChannelIntervalMs: 1000, perMinute: 1200, burst: 10 };

/** A registry where `systems` systems, each in its own channel, depend on one model. */
function fanoutRegistry(systems: number): Registry {
  return {
    version: 1,
    governance: { leads: ["U0GOVLEAD1"], notice_channel: "C0AINOTICES" },
    data_classes: [{ id: "internal", name: null, aliases: [] }],
    use_cases: [],
    vendors: [plainVendor("acme", "Acme AI")],
    models: [testModel("acme/widely-used", "Widely Used")],
    systems: Array.from({ length: systems }, (_, i) => ({
      id: `system-${i}`,
      name: `System ${i}`,
      owner: null,
      channel: `C0FAN${String(i).padStart(5, "0")}`,
      data_class: "internal",
      models: ["acme/widely-used"],
    })),
  };
}

/**
 * One notice fanned out to `channels` channels through the real dispatcher,
 * against a fake Slack that enforces one message per second per channel and
 * a workspace rate, compared with the least time those limits allow.
 */
export async function benchFanout(channels = 300): Promise<FanoutFigures> {
  const fake = await startFakeSlack();
  fake.setRateLimits(LIMITS);
  const dir = mkdtempSync(join(tmpdir(), "aigov-fanout-"));
  const deps = await openDeps(
    loadConfig({
      DATABASE_URL: join(dir, "bench.sqlite"),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_API_URL: fake.apiUrl,
      NOTICE_MAX_PER_MINUTE: String(LIMITS.perMinute),
      LOG_LEVEL: "error",
    }),
    { writeLog: () => {} },
  );
  try {
    await deps.registry.importRegistry(fanoutRegistry(channels - 1), "bench");
    const { incident } = await deps.incidents.create(
      newIncident({
        vendorId: "acme",
        vendorName: "Acme AI",
        models: ["acme/widely-used"],
        severity: "sev1",
        title: "Acme suspended Widely Used",
      }),
    );
    const { noticeId, queued } = await deps.notices.queueIncidentNotice(incident.id, "bench");
    const started = performance.now();
    await createDispatcher(deps).drain({ noticeIds: [noticeId], deadline: Date.now() + 10 * 60_000 });
    const elapsedMs = performance.now() - started;

    const expected = new Set(["C0AINOTICES", ...fanoutRegistry(channels - 1).systems.map((s) => s.channel as string)]);
    let duplicates = 0;
    let lost = 0;
    for (const channel of expected) {
      const count = fake.messagesIn(channel).filter((m) => m.metadata?.event_type === "aigov_notice").length;
      if (count === 0) lost++;
      duplicates += Math.max(0, count - 1);
    }
    const minimumMs = (Math.max(0, queued - LIMITS.burst) / LIMITS.perMinute) * 60_000;
    return {
      channels: expected.size,
      elapsedMs,
      minimumMs,
      ratio: elapsedMs / minimumMs,
      duplicates,
      lost,
      rateLimited: fake.rateLimited,
    };
  } finally {
    await deps.db.destroy();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
