import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCliInProcess } from "../support/run-cli.ts";
import { EXAMPLE_REGISTRY, tempDir } from "../support/test-app.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

describe("aigov ask prints plain text with its sources", () => {
  let cleanup: () => void;
  let env: Record<string, string>;
  const aigov = (args: string[], stdinLines: string[] = []) =>
    runCliInProcess(args, { env, stdin: stdinLines.join("\n") });
  before(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    env = { ...testDatabaseEnv(temp.dir, "aigov.sqlite"), LOG_LEVEL: "error" };
    const imported = await aigov(["registry", "import", EXAMPLE_REGISTRY]);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => cleanup());

  it("names the governance leads as plain ids, with no Slack mention or bold", async () => {
    const { code, stdout: out } = await aigov(["ask", "Is FooBar 9 approved?"]);
    assert.equal(code, 0);
    assert.match(out, /^I don't know a model called “FooBar 9”/);
    assert.match(out, /Ask the governance leads: U0GOVLEAD1, U0GOVLEAD2\./);
    assert.doesNotMatch(out, /<@|<!|\*[^*\s]/);
  });

  it("lists the sources after the answer, with their links", async () => {
    const { code, stdout: out } = await aigov(["ask", "Is Claude Opus 5 approved?"]);
    assert.equal(code, 0);
    assert.match(out, /^Yes, Claude Opus 5 is approved\./);
    assert.match(
      out,
      /\nSources:\n- AI model registry: Claude Opus 5 \(anthropic\/claude-opus-5\), last reviewed 2026-10-01\n/,
    );
    assert.match(out, /- Policy: Claude Opus 5: https:\/\/wiki\.example\.com\/ai\/claude-opus-5\n/);
  });

  it("prints system owners as plain ids", async () => {
    const { stdout: out } = await aigov(["ask", "Which systems use mythos?"]);
    assert.match(out, /Support ticket summarizer \(support-summarizer\), owner U0OWNER001/);
    assert.doesNotMatch(out, /<@/);
  });

  it("keeps the JSON contract, whose answer is plain text too", async () => {
    const { stdout: out } = await aigov(["ask", "--json"], ["Is Llama 3 approved?", "is gemini approved"]);
    const [unknown, pick] = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.equal(unknown.verdict, "unknown");
    assert.doesNotMatch(unknown.answer, /<@/);
    assert.equal(pick.verdict, "unknown", "a pick-one answer's verdict is unknown until a model is picked");
  });
});
