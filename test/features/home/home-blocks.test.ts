import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildHomeView, type HomeData, OPEN_INCIDENTS_SHOWN } from "../../../src/features/home/home-blocks.ts";
import type { Incident } from "../../../src/features/incidents/incident.ts";
import type { ModelSummary } from "../../../src/features/registry/registry.ts";
import { blockKitProblems } from "../../support/block-kit-limits.ts";

function model(fields: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id: "openai/gpt-5",
    name: "GPT-5",
    status: "approved",
    vendor: "OpenAI",
    hosting: "vendor_api",
    open_weights: false,
    max_data_class: "internal",
    retires_on: null,
    ...fields,
  };
}

function incident(n: number, fields: Partial<Incident> = {}): Incident {
  return {
    id: n,
    key: `INC-${String(n).padStart(4, "0")}`,
    vendorId: "openai",
    vendorName: "OpenAI",
    models: ["openai/gpt-5"],
    type: "outage",
    severity: "sev2",
    status: "open",
    title: `Outage ${n}`,
    description: null,
    impact: null,
    startedAt: "2026-11-20T10:00:00.000Z",
    reporter: "U0GOVLEAD1",
    source: "cli",
    sourceChannel: null,
    sourceTs: null,
    sourceUrl: null,
    cardChannel: null,
    cardTs: null,
    cardUrl: null,
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T10:00:00.000Z",
    resolvedAt: null,
    ...fields,
  };
}

function homeData(fields: Partial<HomeData> = {}): HomeData {
  return {
    models: {
      approvedByUseCase: [
        {
          useCase: "Coding",
          models: [model(), model({ id: "qwen/qwen3-coder", name: "Qwen3 Coder", open_weights: true })],
        },
        { useCase: "Legal review", models: [] },
      ],
      retiring: [model({ id: "openai/gpt-4o", name: "GPT-4o", status: "deprecated", retires_on: "2027-01-15" })],
      leads: ["U0GOVLEAD1"],
      exampleQuestions: ["Is GPT-5 approved?"],
    },
    incidents: {
      open: [incident(1, { cardUrl: "https://acme.slack.com/archives/C0INC/p1" })],
      openTotal: 1,
      stats: { days: 90, byVendor: [{ vendor: "OpenAI", count: 3 }], byType: [{ type: "data_exposure", count: 1 }] },
    },
    lockIn: [
      { system: "Support bot", owner: "U0OWNER01", vendors: ["OpenAI"], singleVendor: true, hasAlternative: false },
    ],
    ...fields,
  };
}

const textOf = (blocks: readonly unknown[]) => JSON.stringify(blocks);
const headers = (blocks: readonly any[]) => blocks.filter((b) => b.type === "header").map((b) => b.text.text);

describe("App Home blocks", () => {
  it("shows the models, incidents and lock-in sections in order, divided", () => {
    const view = buildHomeView(homeData());
    assert.equal(view.type, "home");
    assert.deepEqual(headers(view.blocks), [
      "AI models at work",
      "Approved models by use case",
      "Retiring in the next 90 days",
      "Vendor incidents",
      "Vendor lock-in",
    ]);
    const text = textOf(view.blocks);
    assert.match(text, /_Is GPT-5 approved\?_/);
    assert.match(text, /\*Coding\*: GPT-5, Qwen3 Coder :unlock:/);
    assert.match(text, /\*Legal review\*: _none approved_/);
    assert.match(text, /\*GPT-4o\* \(deprecated\), retires \*2027-01-15\*/);
    assert.match(text, /Ask <@U0GOVLEAD1>/);
    assert.match(text, /<https:\/\/acme\.slack\.com\/archives\/C0INC\/p1\|INC-0001>\* Outage 1 · OpenAI, sev2, open/);
    assert.match(text, /by vendor: OpenAI: 3\. By type: data exposure: 1\./);
    assert.match(text, /\*Support bot\* \(<@U0OWNER01>\): one vendor, OpenAI; no approved alternative/);
    const dividerBeforeIncidents =
      view.blocks[view.blocks.findIndex((b: any) => b.text?.text === "Vendor incidents") - 1];
    assert.equal(dividerBeforeIncidents?.type, "divider");
  });

  it("says so when nothing is open, locked in or retiring", () => {
    const data = homeData({
      incidents: { open: [], openTotal: 0, stats: { days: 90, byVendor: [], byType: [] } },
      lockIn: [],
    });
    data.models = { ...data.models, retiring: [], leads: [] };
    const text = textOf(buildHomeView(data).blocks);
    assert.match(text, /Nothing retires in the next 90 days\./);
    assert.match(text, /No open incidents\./);
    assert.match(text, /by vendor: none\. By type: none\./);
    assert.match(text, /No system is locked in to one vendor\./);
    assert.doesNotMatch(text, /Questions about the policy/);
  });

  it("keeps vendor and registry text from forming mentions or links", () => {
    const text = textOf(
      buildHomeView(
        homeData({
          incidents: {
            open: [incident(7, { title: "<!channel> down", vendorName: "Evil <https://x.example|co>" })],
            openTotal: 1,
            stats: { days: 90, byVendor: [], byType: [] },
          },
        }),
      ).blocks,
    );
    assert.doesNotMatch(text, /<!channel>/);
    assert.match(text, /&lt;!channel&gt; down · Evil &lt;https:\/\/x\.example\|co&gt;/);
  });

  it("points to the full incident list when more are open than it shows", () => {
    const open = Array.from({ length: OPEN_INCIDENTS_SHOWN }, (_, i) => incident(i + 1));
    const text = textOf(
      buildHomeView(homeData({ incidents: { open, openTotal: 250, stats: { days: 90, byVendor: [], byType: [] } } }))
        .blocks,
    );
    assert.match(text, /\*250 open incidents\*, the newest 20 shown/);
    assert.match(text, /See them all with `\/aigov incidents`/);
  });

  it("stays within Block Kit's limits for a Home tab with a very large registry, keeping every section", () => {
    const long = "x".repeat(400);
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => model({ id: `v/m${i}`, name: `${long} ${i}`, retires_on: "2027-01-01" }));
    const view = buildHomeView({
      models: {
        approvedByUseCase: Array.from({ length: 200 }, (_, i) => ({ useCase: `${long} ${i}`, models: many(60) })),
        retiring: many(300),
        leads: Array.from({ length: 200 }, (_, i) => `U0LEAD${i}`),
        exampleQuestions: Array.from({ length: 50 }, () => long),
      },
      incidents: {
        open: Array.from({ length: OPEN_INCIDENTS_SHOWN }, (_, i) => incident(i, { title: long, vendorName: long })),
        openTotal: 40_000,
        stats: {
          days: 90,
          byVendor: Array.from({ length: 300 }, (_, i) => ({ vendor: `${long} ${i}`, count: i })),
          byType: [{ type: "outage", count: 40_000 }],
        },
      },
      lockIn: Array.from({ length: 500 }, (_, i) => ({
        system: `${long} ${i}`,
        owner: "U0OWNER01",
        vendors: ["OpenAI", "Anthropic"],
        singleVendor: true,
        hasAlternative: false,
      })),
    });
    assert.deepEqual(blockKitProblems(view.blocks, "home"), []);
    assert.deepEqual(headers(view.blocks).slice(-2), ["Vendor incidents", "Vendor lock-in"]);
    assert.match(textOf(view.blocks), /…and 160 more use cases\./);
  });
});
