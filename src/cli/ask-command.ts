import { parseArgs } from "node:util";
import type { Answer } from "../features/answers/answer-engine.ts";
import { renderAnswerText } from "../features/answers/answer-text.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand } from "./cli-io.ts";

/** The stable `aigov ask --json` shape that automated checks read. */
export function answerToJson(answer: Answer) {
  const model = ({ id, name, status }: { id: string; name: string; status: string }) => ({ id, name, status });
  return {
    intent: answer.intent,
    verdict: answer.verdict,
    models: answer.models.map(model),
    alternatives: answer.alternatives.map(model),
    systems: answer.systems.map(({ id, name, owner }) => ({ id, name, owner })),
    answer: answer.answer,
    sources: answer.sources.map(({ title, url }) => ({ title, url })),
    path: answer.path,
  };
}

export const askCommand: CliCommand = {
  path: ["ask"],
  usage: 'aigov ask ["QUESTION"] [--json]',
  summary: "answer a question from the registry; without QUESTION, one question per line from stdin",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean", default: false } },
    });
    const deps = await openCliDeps(env, io);
    try {
      if ((await deps.registry.currentRegistry()).models.length === 0) {
        io.err("aigov: the registry is empty; import one first: npx aigov registry import registry.example.yml");
      }
      const answerOne = async (question: string) => {
        const { answer } = await deps.answers.ask({ question, surface: "cli" });
        io.out(values.json ? JSON.stringify(answerToJson(answer)) : `${renderAnswerText(answer, { sources: true })}\n`);
      };
      if (positionals.length > 0) {
        await answerOne(positionals.join(" "));
        return 0;
      }
      for await (const line of io.readStdin()) {
        if (line.trim() !== "") await answerOne(line);
      }
      return 0;
    } finally {
      await deps.db.destroy();
    }
  },
};
