import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type Answer, answerQuestion, type Verdict } from "../../../src/features/answers/answer-engine.ts";
import type { Intent } from "../../../src/features/answers/question-parser.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import type { Registry, StatusContext } from "../../../src/features/registry/registry.ts";
import { validateRegistryText } from "../../../src/features/registry/registry-validator.ts";

const FIXTURE = fileURLToPath(new URL("../../fixtures/registry-confusable.yml", import.meta.url));

function loadFixture(): Registry {
  const result = validateRegistryText(readFileSync(FIXTURE, "utf8"));
  if (!result.ok) throw new Error(`registry-confusable.yml is invalid: ${JSON.stringify(result.problems)}`);
  return result.registry;
}

const registry = loadFixture();
const catalog = buildModelCatalog(registry);
const context: StatusContext = { today: "2026-11-24", suspendedModelIds: new Set() };
const ask = (question: string) => answerQuestion(catalog, context, question);

/**
 * [question, intent, verdict, the model answered (or "-" for none, in a
 * yes-or-no question), a pattern the answer must match].
 */
type Row = [string, Intent, Verdict | null, string?, RegExp?];

const NONE = "-";

/** 1. A longer name, a size, a suffix or a variant word glued to a registry name is a model the registry does not have. */
const LONGER_NAMES: Row[] = [
  ["is nova 3 flash lite approved", "status", "unknown", NONE, /“nova 3 flash lite”.*Did you mean Nova 3 Flash/s],
  ["Is Nova 3 Flash Lite approved?", "status", "unknown", NONE, /Nova 3 Flash Lite/],
  ["can I use nova 3 flash-lite?", "status", "unknown", NONE, /Did you mean Nova 3 Flash/],
  ["nova-3-flash-lite ok?", "status", "unknown", NONE],
  ["is nova coder 32b approved", "status", "unknown", NONE, /Did you mean Nova Coder 400B/],
  ["can we use nova coder 7b for coding", "use_case", "unknown", NONE, /Nova Coder 400B/],
  ["is nova 5 codex approved?", "status", "unknown", NONE, /“nova 5 codex”.*Did you mean Nova 5/s],
  ["can i use nova 5 mini", "status", "unknown", NONE, /Did you mean Nova 5/],
  ["is nova 5 nano ok", "status", "unknown", NONE],
  ["is nova 5 pro allowed", "status", "unknown", NONE],
  ["nova 5 turbo approved?", "status", "unknown", NONE],
  ["nova 5 max for coding?", "use_case", "unknown", NONE],
  ["is nova 5 thinking approved", "status", "unknown", NONE],
  ["is nova 5 instruct ok", "status", "unknown", NONE],
  ["is nova 5 preview approved", "status", "unknown", NONE],
  ["is nova 5 vision allowed?", "status", "unknown", NONE],
  ["is nova 5.5 approved", "status", "unknown", NONE, /Did you mean Nova 5/],
  ["is nova 5 2 approved", "status", "unknown", NONE],
  ["is nova 5 xl approved?", "status", "unknown", NONE],
  ["is qwen3 32b approved", "status", "unknown", NONE, /Qwen3 235B/],
  ["can i use qwen3 235b a3b", "status", "unknown", NONE],
  ["is qwen3 coder 30b ok", "status", "unknown", NONE, /Qwen3 Coder 480B/],
  ["is qwen3 coder plus approved", "status", "unknown", NONE],
  ["is mixtral 8x22b ok", "status", "unknown", NONE, /Mixtral 8x7B/],
  ["mixtral 8x7b instruct ok?", "status", "unknown", NONE],
  ["is lumen 70b vision approved", "status", "unknown", NONE],
  ["is lumen 8b approved", "status", "unknown", NONE],
  ["is kimi k2 turbo ok?", "status", "unknown", NONE],
  ["kimi k2.5 approved?", "status", "unknown", NONE],
  ["is kimi k2 thinking turbo approved", "status", "unknown", NONE],
  ["is acme medium 3 mini approved", "status", "unknown", NONE, /Acme Medium 3/],
  ["is acme medium 3.1 approved", "status", "unknown", NONE],
  ["is acme large 3 preview allowed", "status", "unknown", NONE],
  ["is glm 4.6 air approved", "status", "unknown", NONE],
  ["is glm-4.6v approved", "status", "unknown", NONE],
  ["deepseek v3.1 terminus ok?", "status", "unknown", NONE],
  ["is deepseek r1 distill ok", "status", "unknown", NONE],
  ["is nova 5 (mini) approved?", "status", null, "orbit/nova-5", /I don't know a model called “mini”/],
  ["Nova 5 and Kimi K2 (export control). Learn more: https://orbit.example/news", "status", "yes", "orbit/nova-5"],
  ["can i use nova 5 with customer data and nova 5 mini", "data", null, "orbit/nova-5", /nova 5 mini/],
  // the whole name is still the model
  ["is nova 3 flash approved", "status", "yes", "orbit/nova-3-flash"],
  ["is nova coder 400b approved for coding", "use_case", "yes", "orbit/nova-coder-400b"],
  ["is nova coder ok for coding?", "use_case", "yes", "orbit/nova-coder-400b"],
  ["is mixtral 8x7b approved", "status", "yes", "lumen/mixtral-8x7b"],
  ["is qwen3 235b a22b approved", "status", "yes", "qwen/qwen3-235b"],
  ["Is Kimi K2 approved?", "status", "yes", "kimi/kimi-k2"],
  ["is kimi k2 thinking approved", "status", "no", "kimi/kimi-k2-thinking", /prohibited/],
];

/** 2. A typo of a longer name beats an exact shorter one. */
const TYPOS_OF_LONGER_NAMES: Row[] = [
  ["is kimi k2 thinkng approved", "status", "no", "kimi/kimi-k2-thinking", /I read “kimi k2 thinkng”/],
  ["is kimi k2 thiking ok", "status", "no", "kimi/kimi-k2-thinking"],
  ["can i use kimi k2 thinkin", "status", "no", "kimi/kimi-k2-thinking"],
  ["kimi k2 thnking approved?", "status", "no", "kimi/kimi-k2-thinking"],
  ["is nova 3 flsh approved", "status", "yes", "orbit/nova-3-flash"],
  ["is nova coder 400b approvd", "status", "yes", "orbit/nova-coder-400b"],
  ["is deepseek chat apii ok", "status", "no", "deepseek/deepseek-chat-api"],
  ["is lumen 70b instuct approved", "status", "conditional", "lumen/lumen-70b-instruct"],
  ["is glm-4.5 aire ok", "status", "no", "zhipu/glm-4.5-air"],
  ["is mixtrl 8x7b approved", "status", "yes", "lumen/mixtral-8x7b"],
];

/** 3. Vendor, data-class and use-case words inside a model name do not stop typo forgiveness. */
const ENTITY_WORDS_IN_NAMES: Row[] = [
  ["is acme medum 3 approved", "status", "yes", "acme/acme-medium-3", /I read “acme medum 3”/],
  ["is acmee medium 3 approved", "status", "yes", "acme/acme-medium-3"],
  ["is acme meduim 3 ok for translation", "use_case", "yes", "acme/acme-medium-3"],
  ["can I use acme larg 3?", "status", "conditional", "acme/acme-large-3"],
  ["is acme smal 2 still ok", "status", "no", "acme/acme-small-2", /deprecated/],
  ["is deepseek chatt api allowed", "status", "no", "deepseek/deepseek-chat-api"],
  ["is deepsek r1 allowed", "status", "no", "deepseek/deepseek-r1", /suspended/],
  ["is nova codr 400b ok for coding", "use_case", "yes", "orbit/nova-coder-400b"],
  ["can i use acme medium 3 for summaries", "use_case", "yes", "acme/acme-medium-3"],
  ["which acme models are approved?", "list", null, NONE, /2 models are approved from Acme AI/],
];

/** 4. Slack filler is not a model's name, and the question keeps its intent. */
const FILLER: Row[] = [
  ["morning! which acme models are approved", "list", null, NONE, /from Acme AI/],
  ["good morning :wave: which acme models are approved?", "list", null, NONE, /from Acme AI/],
  ["quick question: which models are approved for coding?", "list", null, NONE, /approved for coding/],
  ["sorry to bother, is nova 5 approved?", "status", "yes", "orbit/nova-5"],
  ["is nova 5 approved? asking for the design team", "status", "yes", "orbit/nova-5"],
  ["is kimi k2 ok? asking for a friend", "status", "yes", "kimi/kimi-k2"],
  ["hey <@U0BOT0001> is nova 5 approved?", "status", "yes", "orbit/nova-5"],
  ["<@U0BOT0001> hi! can we use qwen3 235b with trade secrets? thanks!", "data", "yes", "qwen/qwen3-235b"],
  ["hi team :slightly_smiling_face: is nova 3 pro ok?", "status", "no", "orbit/nova-3-pro", /under review/],
  ["👋 is acme medium 3 approved? 🙏", "status", "yes", "acme/acme-medium-3"],
  ["thanks in advance!! which models can we use with PII?", "list", null, NONE, /approved with personal data/],
  ["hello, what retires in the next 60 days?", "retiring", null, NONE, /GLM-4\.5 Air/],
  ["hiya, which systems use mixtral 8x7b?", "dependents", null, NONE, /Dispatch planner/],
  ["morning all, what should I use instead of nova 3 pro?", "alternatives", null, NONE, /Instead of Nova 3 Pro/],
  ["cross-posting from <#C0GENERAL1|general>: is deepseek r1 ok?", "status", "no", "deepseek/deepseek-r1"],
  ["hi there, quick q — is glm 4.6 approved for coding? cheers", "use_case", "yes", "zhipu/glm-4.6"],
  ["sorry if this is a dumb question but is nova 5 ok?", "status", "yes", "orbit/nova-5"],
  ["is nova 5 approved? thx :pray:", "status", "yes", "orbit/nova-5"],
  ["Hey folks! Is Kimi K2 Thinking allowed? Asking on behalf of the data team.", "status", "no"],
  ["morning", "unknown", null, NONE, /I can answer questions/],
  ["thanks!", "unknown", null, NONE, /I can answer questions/],
  ["hi <@U0BOT0001> :wave:", "unknown", null, NONE, /I can answer questions/],
  ["Good afternoon! Which open-weight models can I use?", "list", null, NONE, /Kimi K2/],
  ["quick question: what's approved for route planning?", "list", null, NONE, /Mixtral 8x7B/],
  ["<!here> which self-hosted models are approved?", "list", null, NONE, /Qwen3 235B/],
  ["sorry to bother you, which models from deepseek can we use", "list", null, NONE, /DeepSeek V3\.1/],
];

/** 5. An unknown model with a use case or data is about that model, not a list. */
const UNKNOWN_WITH_USE: Row[] = [
  ["nova 9 for translation", "use_case", "unknown", NONE, /“nova 9”/],
  ["can i use nova 9 for translation?", "use_case", "unknown", NONE, /Nova 9 Preview/],
  ["nova 7 for coding", "use_case", "unknown", NONE, /“nova 7”/],
  ["FooBarLM for summaries?", "use_case", "unknown", NONE, /FooBarLM/],
  ["can we use ChatGPT for coding", "use_case", "unknown", NONE, /ChatGPT/],
  ["ChatGPT with PII?", "data", "unknown", NONE, /ChatGPT/],
  ["copilot with customer data", "data", "unknown", NONE, /copilot/],
  ["is gemini 3 ok for translation?", "use_case", "unknown", NONE, /gemini 3/],
  ["qwen2 for coding", "use_case", "unknown", NONE, /Qwen3/],
  ["Is Perplexity approved for meeting notes?", "use_case", "unknown", NONE, /Perplexity/],
];

/** 6. Data the registry does not name never gets a bare yes. */
const UNKNOWN_DATA: Row[] = [
  ["can i use nova 5 with custmer data", "data", "no", "orbit/nova-5", /I read “custmer data” as Customer data/],
  ["can i use nova 5 mini with custmer data", "data", "unknown", NONE, /nova 5 mini/],
  [
    "can i paste phone numbers into nova 5",
    "data",
    "unknown",
    "orbit/nova-5",
    /“phone numbers”.*internal data at most/s,
  ],
  ["can i upload shipping manifests to nova 5", "data", "unknown", "orbit/nova-5", /shipping manifests/],
  ["can I share salary spreadsheets with kimi k2?", "data", "unknown", "kimi/kimi-k2", /salary spreadsheets/],
  ["can i use nova 3 flash with driver addresses", "data", "unknown", "orbit/nova-3-flash", /Which class is it/],
  ["is nova 5 ok with bank details", "data", "unknown", "orbit/nova-5"],
  ["can i send invoices to acme medium 3", "data", "unknown", "acme/acme-medium-3", /invoices/],
  ["can I put board minutes into acme large 3", "data", "unknown", "acme/acme-large-3"],
  ["can i paste our pricing sheets into nova coder", "data", "unknown", "orbit/nova-coder-400b"],
  ["can i use glm 4.6 with medical records", "data", "unknown", "zhipu/glm-4.6", /personal data at most/],
  ["can i paste passwords into qwen3 235b", "data", "yes", "qwen/qwen3-235b", /every class/],
  ["can I upload driver licences to deepseek v3.1", "data", "yes", "deepseek/deepseek-v3.1"],
  ["can i paste phone numbers into kimi k2 thinking", "data", "no", "kimi/kimi-k2-thinking", /prohibited/],
  ["can i paste phone numbers into acme small 2", "data", "no", "acme/acme-small-2"],
  ["can i use nova 5 with cusomer records", "data", "no", "orbit/nova-5"],
  ["can i use nova 5 with employe data", "data", "no", "orbit/nova-5", /personal data/],
  ["can I use nova 5 with pii", "data", "no", "orbit/nova-5", /not approved for personal data\./],
  ["can I use nova 5 with wiki pages", "data", "yes", "orbit/nova-5"],
  ["can I use nova 5 with internal docs", "data", "yes", "orbit/nova-5"],
  ["which models can i use with phone numbers?", "list", null, NONE, /most sensitive/],
  ["can i use nova 5 with customer data", "data", "no", "orbit/nova-5"],
  ["can i use nova 5 or kimi k2 with phone numbers", "data", "unknown", "orbit/nova-5"],
  ["can i use nova 5 or qwen3 235b with phone numbers", "data", null, "orbit/nova-5"],
];

/** 7. Natural questions keep the model. */
const NATURAL: Row[] = [
  ["Can I paste customer data into ChatGPT?", "data", "unknown", NONE, /“ChatGPT”/],
  ["Can I use ChatGPT for customer emails?", "data", "unknown", NONE, /“ChatGPT”/],
  ["Can I paste client data into Nova 5?", "data", "no", "orbit/nova-5"],
  [
    "Can I paste source code into Qwen3 Coder?",
    "data",
    "no",
    "qwen/qwen3-coder-480b",
    /not approved for trade secrets/,
  ],
  ["can I paste source code into nova coder?", "data", "no", "orbit/nova-coder-400b"],
  ["Can I use Acme Medium 3 for customer emails?", "data", "yes", "acme/acme-medium-3"],
  ["Can I use Nova 5 for customer emails?", "data", "no", "orbit/nova-5", /not approved for customer data/],
  ["Can I use Nova 5 for driver emails?", "data", "unknown", "orbit/nova-5", /“driver emails”/],
  ["Is it ok to feed shipment records to Nova 3 Flash?", "data", "no", "orbit/nova-3-flash"],
  ["would nova 5 be ok for meeting notes?", "use_case", "yes", "orbit/nova-5"],
  ["are we allowed to use kimi k2 for translation?", "use_case", "yes", "kimi/kimi-k2"],
  ["can my team try acme large 3?", "status", "conditional", "acme/acme-large-3", /Kestrel gateway/],
  ["any reason not to use deepseek chat api?", "status", "no", "deepseek/deepseek-chat-api"],
  ["Can I use Acme Medium 3 for legal review?", "use_case", "unknown", "acme/acme-medium-3", /“legal review”/],
  ["Is Nova 5 approved for legal review?", "use_case", "yes", "orbit/nova-5", /any use case/],
  ["Is Mixtral 8x7B ok for payroll?", "use_case", "unknown", "lumen/mixtral-8x7b", /route planning/],
  ["is glm 4.6 approved for coding?", "use_case", "yes", "zhipu/glm-4.6"],
  ["is glm 4.6 approved for routing?", "use_case", "no", "zhipu/glm-4.6"],
  ["is qwen3 coder ok for translation?", "use_case", "no", "qwen/qwen3-coder-480b"],
];

/** 8. Several models, data-class names, pick-one answers. */
const SMALL: Row[] = [
  ["is nova 5 or kimi k2 approved?", "status", "yes", "orbit/nova-5"],
  ["is nova 5 or nova 3 pro ok?", "status", null, "orbit/nova-5"],
  ["is nova 5 or chatgpt approved?", "status", null, "orbit/nova-5", /“chatgpt”/],
  ["is nova 5 or nova 5 mini approved?", "status", null, "orbit/nova-5", /nova 5 mini/],
  ["can I use glm 4.6 with personal data", "data", "yes", "zhipu/glm-4.6", /with personal data\./],
  ["can I use nova 5 with personal data", "data", "no", "orbit/nova-5", /not approved for personal data\./],
  ["is nova approved?", "status", "unknown", NONE, /could mean/],
  ["is acme ok?", "list", null, NONE, /from Acme AI/],
  ["is kimi approved", "list", null, NONE, /from Moonshot/],
  ["is lumen ok?", "list", null, NONE, /from Lumen/],
  ["is deepseek v3.1 ok with source code", "data", "yes", "deepseek/deepseek-v3.1", /with trade secrets\./],
  [
    "is nova 5, kimi k2, qwen3 235b, glm 4.6, mixtral 8x7b or acme medium 3 approved?",
    "status",
    null,
    "orbit/nova-5",
    /You named 6 models; this answers the first 5\. Ask again about Acme Medium 3\./,
  ],
];

/** Ordinary questions stay right. */
const ORDINARY: Row[] = [
  ["Is Nova 5 approved?", "status", "yes", "orbit/nova-5"],
  ["is orbit/nova-5 approved", "status", "yes", "orbit/nova-5"],
  ["is nova5 ok", "status", "yes", "orbit/nova-5"],
  ["is nova-3-pro approved", "status", "no", "orbit/nova-3-pro"],
  ["is nova 9 preview allowed", "status", "no", "orbit/nova-9-preview", /prohibited/],
  ["is deepseek r1 ok", "status", "no", "deepseek/deepseek-r1", /suspended/],
  ["is deepseek v3.1 approved", "status", "yes", "deepseek/deepseek-v3.1"],
  ["is glm-4.5 air approved", "status", "no", "zhipu/glm-4.5-air", /2026-12-31/],
  ["is lumen 70b approved", "status", "conditional", "lumen/lumen-70b-instruct", /Dispatch team only/],
  ["can i use qwen3 coder for coding", "use_case", "yes", "qwen/qwen3-coder-480b"],
  ["can i use qwen3 coder with customer records", "data", "yes", "qwen/qwen3-coder-480b"],
  ["can i use qwen3 coder with trade secrets", "data", "no", "qwen/qwen3-coder-480b"],
  ["what should I use instead of deepseek chat api?", "alternatives", null, NONE, /DeepSeek V3\.1/],
  ["alternatives to kimi k2 thinking", "alternatives", null, NONE, /Kimi K2/],
  ["which systems depend on acme medium 3", "dependents", null, NONE, /Support reply drafts/],
  ["who uses qwen3 coder?", "dependents", null, NONE, /Code assistant/],
  ["which models are approved for translation?", "list", null, NONE, /Acme Medium 3/],
  ["which models are approved with trade secrets?", "list", null, NONE, /Qwen3 235B/],
  ["which models from zhipu are approved?", "list", null, NONE, /GLM-4\.6/],
  ["what retires in the next 90 days?", "retiring", null, NONE, /GLM-4\.5 Air/],
  ["what is the weather today", "unknown", null, NONE, /I can answer questions/],
  ["Is Totally Unknown Model 9 approved?", "unknown", null, NONE],
];

const ROWS: Row[] = [
  ...LONGER_NAMES,
  ...TYPOS_OF_LONGER_NAMES,
  ...ENTITY_WORDS_IN_NAMES,
  ...FILLER,
  ...UNKNOWN_WITH_USE,
  ...UNKNOWN_DATA,
  ...NATURAL,
  ...SMALL,
  ...ORDINARY,
];

/**
 * The product's one rule: a yes (or a yes with conditions) only for a model
 * the registry approves (or restricts), whose data class and use case allow
 * what the question names.
 */
function assertNoWrongYes(answer: Answer, question: string): void {
  if (answer.verdict !== "yes" && answer.verdict !== "conditional") return;
  assert.ok(answer.models.length > 0, `${question}: a yes about no model`);
  for (const summary of answer.models) {
    const model = registry.models.find((m) => m.id === summary.id);
    assert.ok(model, `${question}: ${summary.id} is not a registry model`);
    assert.ok(model.status === "approved" || model.status === "restricted", `${question}: ${answer.answer}`);
    const lower = question.toLowerCase();
    const rank = (id: string) => registry.data_classes.findIndex((d) => d.id === id);
    for (const dataClass of registry.data_classes) {
      const names = [dataClass.id, dataClass.name ?? "", ...dataClass.aliases].map((n) => n.toLowerCase());
      if (names.some((name) => name !== "" && lower.includes(name))) {
        assert.ok(rank(dataClass.id) <= rank(model.max_data_class), `${question}: ${answer.answer}`);
      }
    }
    for (const useCase of registry.use_cases) {
      const names = [useCase.id, useCase.name ?? "", ...useCase.aliases].map((n) => n.toLowerCase());
      if (model.use_cases !== null && names.some((name) => name !== "" && lower.includes(name))) {
        assert.ok(model.use_cases.includes(useCase.id), `${question}: ${answer.answer}`);
      }
    }
  }
}

describe("questions typed the way people type in Slack, over a registry of confusable names", () => {
  it("has at least 150 phrasings", () => assert.ok(ROWS.length >= 150, `only ${ROWS.length}`));
  for (const [question, intent, verdict, model, text] of ROWS) {
    it(`${question} → ${intent}/${verdict}${model && model !== NONE ? ` ${model}` : ""}`, () => {
      const answer = ask(question);
      assertNoWrongYes(answer, question);
      assert.equal(answer.intent, intent, answer.answer);
      assert.equal(answer.verdict, verdict, answer.answer);
      const yesOrNo = intent === "status" || intent === "data" || intent === "use_case";
      if (model === NONE) {
        if (yesOrNo) assert.deepEqual(answer.models, [], answer.answer);
      } else if (model) {
        assert.equal(answer.models[0]?.id, model, answer.answer);
      }
      if (text) assert.match(answer.answer, text);
      assert.doesNotMatch(answer.answer, /<[@#!]|\*\w/, "plain text, no Slack markup");
    });
  }
});
