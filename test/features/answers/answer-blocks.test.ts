import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildAnswerMessage } from "../../../src/features/answers/answer-blocks.ts";
import type { Answer } from "../../../src/features/answers/answer-engine.ts";

function answer(fields: Partial<Answer>): Answer {
  return {
    question: "Is GPT-5 approved?",
    intent: "status",
    verdict: "yes",
    headline: "Yes, GPT-5 is approved.",
    reason: null,
    conditions: null,
    models: [],
    alternatives: [],
    systems: [],
    choices: [],
    suggestions: [],
    askLeads: null,
    quotes: [],
    notes: [],
    answer: "Yes, GPT-5 is approved.",
    sources: [],
    path: "deterministic",
    ...fields,
  };
}

/** Button values as the listener would seal them; their contents do not matter here. */
const BUTTONS = { feedback: "sealed", pick: (model: string) => `sealed ${model}` };

const allText = (message: ReturnType<typeof buildAnswerMessage>) => JSON.stringify(message);

describe("the Slack rendering of an answer", () => {
  it("escapes mentions and broadcasts an LLM wrote, in the blocks and in the notification text", () => {
    const written = "Yes <@U0ATTACKER> says so. <!channel> <!here> <#C0SECRET01> <https://evil.example|click>";
    const message = buildAnswerMessage(answer({ reason: written, answer: `Yes.\n${written}`, path: "llm:x" }), BUTTONS);
    const text = allText(message);
    for (const raw of ["<@U0ATTACKER>", "<!channel>", "<!here>", "<#C0SECRET01>", "<https://evil"]) {
      assert.ok(!text.includes(raw), `${raw} passed through: ${text}`);
    }
    assert.match(message.text, /&lt;!channel&gt;/);
  });

  it("mentions the governance leads from their ids, and only there", () => {
    const message = buildAnswerMessage(
      answer({ verdict: "unknown", headline: "I don't know a model called “x”.", askLeads: ["U0GOVLEAD1"] }),
      BUTTONS,
    );
    assert.match(allText(message), /Ask the governance leads: <@U0GOVLEAD1>\./);
    const team = buildAnswerMessage(answer({ askLeads: [] }), BUTTONS);
    assert.match(allText(team), /Ask your AI governance team\./);
  });

  it("quotes policy sections as Slack quotes, their text escaped", () => {
    const message = buildAnswerMessage(
      answer({
        verdict: null,
        quotes: [{ heading: "Hiring <b>", text: "No AI screening of <@U0X>.", url: null }],
      }),
      null,
    );
    assert.match(allText(message), /> \*Hiring &lt;b&gt;\*: No AI screening of &lt;@U0X&gt;\./);
  });

  it("links a source only to an http(s) address, with its title as the link's text", () => {
    const message = buildAnswerMessage(
      answer({
        sources: [
          { title: "Policy <b> | AI", url: "https://wiki.example.com/ai" },
          { title: "Bad link", url: "javascript:alert(1)" },
        ],
      }),
      BUTTONS,
    );
    const text = allText(message);
    assert.match(text, /<https:\/\/wiki\.example\.com\/ai\|Policy &lt;b&gt; ¦ AI>/);
    assert.match(text, /:link: Bad link/);
    assert.ok(!text.includes("javascript:"));
  });
});
