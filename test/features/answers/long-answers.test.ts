import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateRegistry } from "../../../bench/generated-registry.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Deps } from "../../../src/deps.ts";
import { buildAnswerMessage } from "../../../src/features/answers/answer-blocks.ts";
import { QA_LOG_ANSWER_CHARS } from "../../../src/features/answers/answer-service.ts";
import { openDeps } from "../../../src/main.ts";
import { tempDir } from "../../support/test-app.ts";
import { testDatabaseEnv } from "../../support/test-database.ts";

describe("answers that list thousands of models", () => {
  const { dir, cleanup } = tempDir();
  let deps: Deps;
  before(async () => {
    deps = await openDeps(loadConfig({ ...testDatabaseEnv(dir, "aigov.sqlite"), LOG_LEVEL: "warn" }), {
      writeLog: () => {},
    });
    await deps.registry.importRegistry(generateRegistry(3_000, 50), "test");
  });
  after(async () => {
    await deps.db.destroy();
    cleanup();
  });

  it("shows Slack the count and a first page, and keeps a bounded text in qa_log", async () => {
    const { answer, qaId } = await deps.answers.ask({
      question: "Which models are approved for coding?",
      surface: "command",
    });
    assert.ok(answer.models.length > 100);
    assert.ok(answer.answer.length > QA_LOG_ANSWER_CHARS, "the whole answer is longer than what is kept");

    const message = JSON.stringify(buildAnswerMessage(answer, { feedback: "sealed", pick: (model) => model }).blocks);
    assert.match(
      message,
      new RegExp(`${answer.models.length.toLocaleString("en-US").replace(",", ",?")} models are approved`),
    );
    assert.match(message, new RegExp(`and ${answer.models.length - 25} more`));
    assert.ok(message.length < 12_000);

    const row = await deps.db
      .selectFrom("qa_log")
      .select("answer")
      .where("id", "=", qaId as number)
      .executeTakeFirstOrThrow();
    assert.ok(row.answer.length <= QA_LOG_ANSWER_CHARS);
    assert.ok(answer.answer.startsWith(row.answer.slice(0, 1000)));
    assert.match(row.answer, /more characters not kept\)$/);
  });
});
