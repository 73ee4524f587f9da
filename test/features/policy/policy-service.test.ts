import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Deps } from "../../../src/deps.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { runCliInProcess } from "../../support/run-cli.ts";
import { EXAMPLE_REGISTRY, openTestDeps, tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

const POLICIES = fileURLToPath(new URL("../../fixtures/policies", import.meta.url));

describe("policy documents", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps());
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  afterEach(() => close());

  it("answers a policy question with the best sections quoted, by BM25, without an LLM", async () => {
    assert.deepEqual(await deps.policy.importDirectory(POLICIES), { files: 2, sections: 4 });
    const { answer } = await deps.answers.ask({ question: "Can I use AI to screen job applicants?", surface: "cli" });
    assert.equal(answer.verdict, null);
    assert.match(answer.answer, /^Here is what the company's AI policy says:/);
    assert.match(answer.answer, /AI in recruiting › Screening job applicants”: AI must not be used to screen/);
    assert.deepEqual(answer.sources[0], {
      title: "Policy: hr/recruiting.md › AI in recruiting › Screening job applicants",
      url: null,
    });
  });

  it("keeps registry questions with the registry, and gives examples when nothing fits", async () => {
    await deps.policy.importDirectory(POLICIES);
    assert.equal((await deps.answers.ask({ question: "Is GPT-5 approved?", surface: "cli" })).answer.verdict, "yes");
    const nothing = await deps.answers.ask({ question: "what is the weather like", surface: "cli" });
    assert.match(nothing.answer.answer, /I can answer questions/);
  });

  it("treats FTS5 syntax in questions as words", async () => {
    await deps.policy.importDirectory(POLICIES);
    for (const question of ['screen job applicants" OR body:*', "NEAR(screen job applicants) ^"]) {
      const quotes = await deps.policy.search(question);
      assert.match(quotes[0]?.body ?? "", /must not be used to screen/, question);
    }
    assert.deepEqual(await deps.policy.search("AND OR NOT"), []);
  });

  it("refuses a folder without Markdown and keeps the previous import", async () => {
    await deps.policy.importDirectory(POLICIES);
    const { dir, cleanup } = tempDir();
    await assert.rejects(deps.policy.importDirectory(dir), /No Markdown/);
    cleanup();
    assert.equal((await deps.policy.search("screen job applicants")).length > 0, true);
  });
});

describe("aigov policy import", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = tempDir());
  });
  after(() => cleanup());

  it("imports a folder, and aigov ask quotes it", async () => {
    const env = { ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "warn" };
    const imported = await runCliInProcess(["policy", "import", POLICIES], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported 4 sections from 2 policy documents/);
    const asked = await runCliInProcess(["ask", "--json", "May I paste customer data into a personal AI account?"], {
      env,
    });
    const answer = JSON.parse(asked.stdout);
    assert.equal(answer.sources[0].url, "https://wiki.example.com/ai/acceptable-use#customer-data");
  });
});
