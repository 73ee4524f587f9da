import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FakeOpenAI } from "./support/fake-openai.ts";
import { EXAMPLE_REGISTRY, startTestApp, tempDir } from "./support/test-app.ts";

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

  it("cuts short a feed round whose status pages do not answer", async () => {
    // Status pages that take the request and never answer: only an abort ends the fetch before its 15 s timeout.
    const page = createServer(() => {});
    page.listen(0, "127.0.0.1");
    await once(page, "listening");
    const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    const { dir, cleanup } = tempDir();
    const registry = join(dir, "registry.yml");
    writeFileSync(
      registry,
      readFileSync(EXAMPLE_REGISTRY, "utf8").replace(/status_page: \S+/g, `status_page: ${pageUrl}`),
    );
    const polled = once(page, "request");
    const t = await startTestApp({ registry, env: { FEEDS_POLL_MINUTES: "1" } });
    try {
      await polled;
      const stopping = Date.now();
      await t.close();
      assert.ok(Date.now() - stopping < 5000, `stopped in ${Date.now() - stopping} ms, not after the feed's timeout`);
    } finally {
      page.closeAllConnections();
      page.close();
      cleanup();
    }
    assert.deepEqual(
      t.logs.filter((line) => /"level":"(warn|error)"/.test(line)),
      [],
      "a stop is not a feed failure",
    );
  });
});
