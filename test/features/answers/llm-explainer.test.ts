import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerQuestion } from "../../../src/features/answers/answer-engine.ts";
import { createLlmExplainer, TOOL_SPECS, type ToolName } from "../../../src/features/answers/llm-explainer.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import type { ChatMessage, ChatProvider, ChatReply, ToolSpec } from "../../../src/llm/chat-provider.ts";
import { createLogger } from "../../../src/logger.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const text = (maxLength: number, minLength?: number) => ({
  type: "string",
  ...(minLength === undefined ? {} : { minLength }),
  maxLength,
});

describe("LLM tool specs", () => {
  it("give the provider each tool's parameters as the JSON schema of the arguments it checks", () => {
    assert.deepEqual(
      TOOL_SPECS.map((tool) => [tool.name, tool.parameters]),
      [
        ["answer_with_registry", { type: "object", properties: { question: text(500, 1) }, required: ["question"] }],
        ["find_model", { type: "object", properties: { name: text(200, 1) }, required: ["name"] }],
        [
          "alternatives",
          {
            type: "object",
            properties: { model: text(200, 1), data_class: text(100) },
            required: ["model"],
          },
        ],
        [
          "list_models",
          {
            type: "object",
            properties: {
              use_case: text(100),
              data_class: text(100),
              vendor: text(100),
              open_weights: { type: "boolean" },
            },
          },
        ],
        ["dependents", { type: "object", properties: { model: text(200, 1) }, required: ["model"] }],
        ["open_incidents", { type: "object", properties: { vendor: text(100) } }],
        ["search_policy", { type: "object", properties: { query: text(500, 1) }, required: ["query"] }],
      ],
    );
    for (const tool of TOOL_SPECS) assert.ok(tool.description.length > 20, tool.name);
  });
});

/** A provider that replies from a script and records what it was sent. */
function scriptedProvider(replies: ChatReply[]) {
  const sent: { messages: ChatMessage[]; tools: ToolSpec[] }[] = [];
  const provider: ChatProvider = {
    name: "scripted",
    registryModel: null,
    async complete(messages, tools) {
      sent.push({ messages: structuredClone(messages), tools });
      const reply = replies[sent.length - 1];
      if (!reply) throw new Error("the script ran out");
      return reply;
    },
  };
  return { provider, sent };
}

const call = (name: string, args: unknown) => ({
  id: `call-${name}`,
  type: "function" as const,
  function: { name, arguments: JSON.stringify(args) },
});

describe("LLM explainer tool calls", () => {
  const catalog = buildModelCatalog(smallRegistry([testModel("acme/orbit", "Orbit")]));
  const base = answerQuestion(catalog, { today: "2026-12-01", suspendedModelIds: new Set() }, "Is Orbit approved?");
  const explainerWith = (provider: ChatProvider) =>
    createLlmExplainer({
      providers: [provider],
      cooldownMs: 60_000,
      now: () => new Date("2026-12-01T12:00:00Z"),
      logger: createLogger({ level: "error", write: () => {} }),
      metrics: { llmFailed: () => {}, llmCooledDown: () => {} },
      mayUse: async () => true,
    });

  it("runs a tool with its checked arguments, refuses bad ones and unknown names, and sends the specs", async () => {
    const { provider, sent } = scriptedProvider([
      {
        content: null,
        toolCalls: [call("find_model", { name: "Orbit" }), call("find_model", { name: "" }), call("constructor", {})],
      },
      { content: "Orbit is approved.", toolCalls: [] },
    ]);
    const ran: [ToolName, unknown][] = [];
    const answer = await explainerWith(provider).explain("Is Orbit approved?", base, {
      async run(name, args) {
        ran.push([name, args]);
        return { text: "Orbit: approved" };
      },
    });
    assert.equal(answer?.reason, "Orbit is approved.");
    assert.deepEqual(ran, [["find_model", { name: "Orbit" }]]);
    assert.equal(sent[0]?.tools, TOOL_SPECS);
    const results = (sent[1]?.messages ?? []).filter((message) => message.role === "tool").map((m) => m.content);
    assert.equal(results[0], "Orbit: approved");
    assert.match(results[1] ?? "", /^invalid arguments/);
    assert.equal(results[2], "unknown tool constructor");
  });
});
