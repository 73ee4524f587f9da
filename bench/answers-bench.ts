import { performance } from "node:perf_hooks";
import type { Deps } from "../src/deps.ts";
import type { Registry } from "../src/features/registry/registry.ts";
import { summarize } from "./stats.ts";

export interface AnswerFigures {
  models: number;
  systems: number;
  importMs: number;
  firstAnswerMs: number;
  answer: ReturnType<typeof summarize>;
}

/** Questions of every intent, about models spread over the whole registry. */
function questionsFor(registry: Registry, count: number): string[] {
  const models = registry.models;
  const templates = [
    (name: string) => `Is ${name} approved?`,
    (name: string) => `Can I use ${name} with confidential data?`,
    (name: string) => `Is ${name} approved for coding?`,
    (name: string) => `What should I use instead of ${name}?`,
    (name: string) => `Which systems use ${name}?`,
    (name: string) => `is ${name.toLowerCase().replace(/ /g, "")} ok`,
    () => "Which models are approved for coding with open weights?",
    () => "What retires in the next 90 days?",
    () => "Is Totally Unknown Model 9 approved?",
  ];
  return Array.from({ length: count }, (_, i) => {
    const model = models[(i * 7919) % models.length];
    const template = templates[i % templates.length] as (name: string) => string;
    return template(model?.name ?? "x");
  });
}

/**
 * Imports the registry, then times `ask` the way a Slack listener calls it
 * (answer engine plus the qa_log write), in process.
 */
export async function benchAnswers(deps: Deps, registry: Registry, count = 2000): Promise<AnswerFigures> {
  const importStart = performance.now();
  await deps.registry.importRegistry(registry, "bench");
  const importMs = performance.now() - importStart;

  const questions = questionsFor(registry, count);
  const firstStart = performance.now();
  await deps.answers.ask({ question: questions[0] as string, surface: "command" });
  const firstAnswerMs = performance.now() - firstStart;

  const samples: number[] = [];
  for (const question of questions) {
    const start = performance.now();
    await deps.answers.ask({ question, surface: "command", userId: "U0BENCH001" });
    samples.push(performance.now() - start);
  }
  return {
    models: registry.models.length,
    systems: registry.systems.length,
    importMs,
    firstAnswerMs,
    answer: summarize(samples),
  };
}
