import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { draftRegistryFromLitellm } from "../src/features/registry/litellm-draft.ts";
import { benchAck } from "./ack-bench.ts";
import { benchAckOpen } from "./ack-open-bench.ts";
import { type AnswerFigures, benchAnswers } from "./answers-bench.ts";
import { benchFanout } from "./fanout-bench.ts";
import { benchFeedSnapshots } from "./feed-bench.ts";
import { generateRegistry } from "./generated-registry.ts";
import { benchMemory } from "./memory-bench.ts";
import { benchRegistry } from "./registry-bench.ts";
import { benchScale } from "./scale-bench.ts";
import { benchStartup } from "./startup-bench.ts";
import { round } from "./stats.ts";
import { withDeps } from "./with-deps.ts";

/**
 * `npm run bench`: prints a table of figures; with --json, one JSON object
 * on the last line; `--only NAME[,NAME]` runs just those parts (ack, answers,
 * ack-open, fanout, feed, memory, registry, startup, scale). Figures, not pass/fail: the README quotes them.
 */
async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? "").split(",")) : null;
  const wanted = (part: string) => only === null || only.has(part);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const rows: [string, string][] = [["machine", machine]];
  const figures: Record<string, unknown> = { machine };

  if (wanted("ack")) {
    const ack = await benchAck(2000, 50);
    rows.push([
      `ack latency (${ack.requests} signed requests, concurrency ${ack.concurrency})`,
      `aigov p50 ${round(ack.app.p50)} ms, p99 ${round(ack.app.p99)} ms; bare Bolt p50 ${round(ack.bolt.p50)} ms, p99 ${round(ack.bolt.p99)} ms; p99 ratio ${round(ack.app.p99 / ack.bolt.p99)}`,
    ]);
    rows.push([
      "  aigov's follow-up work (answers, replies) after the last ack",
      `finished ${round(ack.followUpsDrainedMs)} ms later`,
    ]);
    figures["ack.app_p50_ms"] = round(ack.app.p50);
    figures["ack.app_p99_ms"] = round(ack.app.p99);
    figures["ack.bolt_p50_ms"] = round(ack.bolt.p50);
    figures["ack.bolt_p99_ms"] = round(ack.bolt.p99);
    figures["ack.p99_ratio"] = round(ack.app.p99 / ack.bolt.p99, 3);
    figures["ack.follow_ups_drained_ms"] = round(ack.followUpsDrainedMs);
  }
  if (wanted("ack-open")) {
    const open = await benchAckOpen(5);
    for (const { rate, app, bolt, p99Ratio } of open.byRate) {
      const key = `ack.open_${rate}`;
      figures[`${key}_app_p50_ms`] = round(app.p50);
      figures[`${key}_app_p99_ms`] = round(app.p99);
      figures[`${key}_bolt_p50_ms`] = round(bolt.p50);
      figures[`${key}_bolt_p99_ms`] = round(bolt.p99);
      figures[`${key}_p99_ratio`] = round(p99Ratio, 3);
      figures[`${key}_app_cpu_ms_per_request`] = round(app.cpuMsPerRequest, 3);
      figures[`${key}_bolt_cpu_ms_per_request`] = round(bolt.cpuMsPerRequest, 3);
      rows.push([
        `ack open loop, ${rate} requests/s (example registry, median of ${open.rounds} rounds)`,
        `aigov p50 ${round(app.p50)} ms, p99 ${round(app.p99)} ms, CPU ${round(app.cpuMsPerRequest, 3)} ms/request; bare Bolt p50 ${round(bolt.p50)} ms, p99 ${round(bolt.p99)} ms, CPU ${round(bolt.cpuMsPerRequest, 3)} ms/request; p99 ratio ${round(p99Ratio, 3)}`,
      ]);
    }
    figures["ack.open_failed"] = open.failed;
    rows.push(["  requests without a 200 answer (both servers, all rates)", String(open.failed)]);
    // The target's rate: 500 requests/s.
    figures["ack.open_p99_ratio"] = figures["ack.open_500_p99_ratio"];
  }
  if (wanted("answers")) {
    const generated = await withDeps((deps) => benchAnswers(deps, generateRegistry(10_000, 2_000)));
    addAnswerRows(rows, "generated", generated);
    figures["answer.p95_ms"] = round(generated.answer.p95, 3);
    figures["answer.p50_ms"] = round(generated.answer.p50, 3);
    figures["answer.generated"] = generated;

    const catalog = fileURLToPath(new URL("../../shared/fixtures/litellm-model-prices.json", import.meta.url));
    if (existsSync(catalog)) {
      const { readFileSync } = await import("node:fs");
      const draft = draftRegistryFromLitellm(JSON.parse(readFileSync(catalog, "utf8")));
      const litellm = await withDeps((deps) => benchAnswers(deps, draft.registry));
      addAnswerRows(rows, "litellm draft", litellm);
      figures["answer.litellm"] = litellm;
    } else {
      rows.push(["answers over the LiteLLM draft", "skipped: ../shared/fixtures/litellm-model-prices.json is absent"]);
    }
  }
  if (wanted("fanout")) {
    const fanout = await benchFanout(300);
    rows.push([
      `notice fan-out (${fanout.channels} channels)`,
      `${round(fanout.elapsedMs / 1000, 2)} s, minimum the limits allow ${round(fanout.minimumMs / 1000, 2)} s, ratio ${round(fanout.ratio, 3)}; duplicates ${fanout.duplicates}, lost ${fanout.lost}, 429s ${fanout.rateLimited}`,
    ]);
    figures["fanout.channels"] = fanout.channels;
    figures["fanout.elapsed_ms"] = round(fanout.elapsedMs, 0);
    figures["fanout.minimum_ms"] = round(fanout.minimumMs, 0);
    figures["fanout.ratio"] = round(fanout.ratio, 3);
    figures["fanout.duplicates"] = fanout.duplicates;
    figures["fanout.lost"] = fanout.lost;
  }
  if (wanted("feed")) {
    const feed = await benchFeedSnapshots();
    rows.push([
      "status-page snapshot (50 incidents)",
      feed
        ? `${round(feed.msPerSnapshot, 1)} ms each, over ${feed.snapshots} real captures in order`
        : "skipped: ../shared/fixtures/statuspage/ is absent",
    ]);
    figures["feed.ms_per_snapshot"] = feed ? round(feed.msPerSnapshot, 1) : null;
  }
  if (wanted("memory")) {
    const memory = await benchMemory(10_000, 100_000);
    figures["memory.rss_mb"] = round(memory.rssMb, 1);
    rows.push([
      "bot's resident memory",
      `${figures["memory.rss_mb"]} MB with 10,000 models and 100,000 incidents stored, after 200 answers (seeding took ${round(memory.seedMs / 1000, 1)} s)`,
    ]);
  }
  if (wanted("registry")) {
    const registry = await benchRegistry(100_000, 20_000);
    figures["registry.validate_100k_s"] = round(registry.validate.seconds, 1);
    figures["registry.validate_100k_cpu_s"] = round(registry.validate.cpuSeconds, 1);
    figures["registry.validate_100k_peak_mb"] = round(registry.validate.peakMb, 0);
    figures["registry.import_100k_s"] = round(registry.import.seconds, 1);
    figures["registry.import_100k_cpu_s"] = round(registry.import.cpuSeconds, 1);
    figures["registry.import_100k_peak_mb"] = round(registry.import.peakMb, 0);
    figures["registry.reimport_100k_s"] = round(registry.reimport.seconds, 1);
    figures["registry.reimport_100k_cpu_s"] = round(registry.reimport.cpuSeconds, 1);
    figures["registry.reimport_100k_peak_mb"] = round(registry.reimport.peakMb, 0);
    rows.push([
      "registry file of 100,000 models and 20,000 systems, each in a fresh process",
      `validate ${figures["registry.validate_100k_s"]} s (${figures["registry.validate_100k_cpu_s"]} s CPU), ${figures["registry.validate_100k_peak_mb"]} MB peak; import into an empty database (validation included) ${figures["registry.import_100k_s"]} s (${figures["registry.import_100k_cpu_s"]} s CPU), ${figures["registry.import_100k_peak_mb"]} MB peak; re-import with 10,000 models changed ${figures["registry.reimport_100k_s"]} s (${figures["registry.reimport_100k_cpu_s"]} s CPU), ${figures["registry.reimport_100k_peak_mb"]} MB peak`,
    ]);
  }
  if (wanted("startup")) {
    const startup = await benchStartup();
    figures["startup.compiled_ms"] = round(startup.compiled.startMs, 0);
    figures["startup.compiled_rss_mb"] = round(startup.compiled.rssMb, 1);
    figures["startup.tsx_ms"] = round(startup.tsx.startMs, 0);
    figures["startup.tsx_rss_mb"] = round(startup.tsx.rssMb, 1);
    rows.push([
      "start-up to listening (example registry), median of 5",
      `compiled ${figures["startup.compiled_ms"]} ms, ${figures["startup.compiled_rss_mb"]} MB resident; the same sources through tsx ${figures["startup.tsx_ms"]} ms, ${figures["startup.tsx_rss_mb"]} MB`,
    ]);
  }

  if (wanted("scale")) {
    const scale = await benchScale();
    figures["scale.home_ms"] = round(scale.homeMs, 1);
    figures["scale.home_cold_ms"] = round(scale.homeColdMs, 0);
    figures["scale.ack_during_home_max_ms"] = round(scale.ackDuringHomeMaxMs, 1);
    figures["scale.answer_p50_ms"] = round(scale.answerWithIncidents.p50, 3);
    figures["scale.answer_p95_ms"] = round(scale.answerWithIncidents.p95, 3);
    figures["scale.export_1m_s"] = round(scale.export1m.csvS, 1);
    figures["scale.export_json_1m_s"] = round(scale.export1m.jsonS, 1);
    figures["scale.export_peak_mb"] = round(scale.export1m.peakMb, 1);
    figures["scale.export_peak_capped_mb"] = round(scale.export1m.cappedPeakMb, 1);
    rows.push([
      "App Home, 10,000 models and 100,000 incidents",
      `${figures["scale.home_ms"]} ms (median of 20); first after an import ${figures["scale.home_cold_ms"]} ms; event loop held at most ${figures["scale.ack_during_home_max_ms"]} ms while 50 render at once`,
    ]);
    rows.push([
      "answers, 10,000 models and 100,000 incidents",
      `p50 ${figures["scale.answer_p50_ms"]} ms, p95 ${figures["scale.answer_p95_ms"]} ms`,
    ]);
    for (const { models, answer } of scale.answersByModels) {
      figures[`scale.answer_${models}_p50_ms`] = round(answer.p50, 3);
      figures[`scale.answer_${models}_p95_ms`] = round(answer.p95, 3);
      rows.push([
        `answers, ${models.toLocaleString("en-US")} models`,
        `p50 ${round(answer.p50, 3)} ms, p95 ${round(answer.p95, 3)} ms`,
      ]);
    }
    rows.push([
      "incident export, 1,000,000 incidents",
      `CSV ${figures["scale.export_1m_s"]} s, JSON with timelines ${figures["scale.export_json_1m_s"]} s; peak resident memory ${figures["scale.export_peak_mb"]} MB (${figures["scale.export_peak_capped_mb"]} MB with NODE_OPTIONS=--max-semi-space-size=8)`,
    ]);
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  if (json) console.log(JSON.stringify(figures));
}

function addAnswerRows(rows: [string, string][], label: string, figures: AnswerFigures): void {
  rows.push([
    `answers, ${label} registry`,
    `${figures.models} models, ${figures.systems} systems; import ${round(figures.importMs, 0)} ms; first answer ${round(figures.firstAnswerMs, 1)} ms`,
  ]);
  const a = figures.answer;
  rows.push([
    `  answer latency (n=${a.n})`,
    `p50 ${round(a.p50, 3)} ms, p95 ${round(a.p95, 3)} ms, p99 ${round(a.p99, 3)} ms, max ${round(a.max, 1)} ms`,
  ]);
}

await main();
