import { readFileSync } from "node:fs";
import { answerQuestion } from "../src/features/answers/answer-engine.ts";
import { buildKnowledge } from "../src/features/answers/registry-knowledge.ts";
import { validateRegistryText } from "../src/features/registry/registry-validator.ts";

const r = validateRegistryText(readFileSync("registry.example.yml", "utf8"));
if (!r.ok) throw new Error("bad");
const k = buildKnowledge(r.registry);
const ctx = { today: "2026-11-24", suspendedModelIds: new Set<string>() };
for (const q of process.argv.slice(2)) {
  const a = answerQuestion(k, ctx, q);
  console.log(
    `Q: ${q}\n  [${a.intent}/${a.verdict}] models=${a.models.map((m) => m.id).join(",")} alts=${a.alternatives.map((m) => m.id).join(",")}\n  ${a.answer.replace(/\n/g, "\n  ")}\n`,
  );
}
