import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeOpenAI } from "./support/fake-openai.ts";
import { startTestApp } from "./support/test-app.ts";

describe("stopping the bot", () => {
  it("finishes answers it has acknowledged before closing the database", async () => {
    let round = 0;
    const llm = await new FakeOpenAI(() =>
      round++ % 2 === 0
        ? { toolCalls: [{ name: "answer_with_registry", arguments: { question: "Is GPT-5 approved?" } }] }
        : { content: "GPT-5 is approved for internal data, per the registry." },
    ).start();
    llm.delayMs = 300;
    const providers = [{ name: "slow", baseUrl: llm.baseUrl, model: "m", apiKeyEnv: "PATH" }];
    const t = await startTestApp({ env: { LLM_PROVIDERS: JSON.stringify(providers), LLM_TIMEOUT_MS: "5000" } });
    try {
      const sent = await t.slack.event({
        type: "app_mention",
        user: "U0EMPLOYEE1",
        text: "<@U0AIGOVBOT> can I use gpt-5?",
        channel: "C0STOPPING1",
        ts: "1769400000.000100",
      });
      assert.equal(sent.status, 200);
    } finally {
      await t.close();
      await llm.stop();
    }
    const answers = t.fake.callsTo("chat.postMessage").filter((call) => call.args.channel === "C0STOPPING1");
    assert.equal(answers.length, 1, "the acknowledged question was answered before the stop completed");
    assert.match(JSON.stringify(answers[0]?.args), /per the registry/);
    assert.deepEqual(
      t.logs.filter((line) => /"level":"error"/.test(line)),
      [],
    );
  });
});
