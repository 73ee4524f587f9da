import { performance } from "node:perf_hooks";
import type { Db } from "../../db/connection.ts";
import { AppError } from "../../errors.ts";
import type { ChatProvider } from "../../llm/chat-provider.ts";
import type { Logger } from "../../logger.ts";
import type { AnswerMetrics } from "../../metrics.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { PolicyService } from "../policy/policy-service.ts";
import { approvedAlternatives } from "../registry/model-alternatives.ts";
import type { ModelCatalog } from "../registry/model-catalog.ts";
import {
  allowsDataClass,
  allowsUseCase,
  effectiveStatus,
  statusOn,
  summarizeModel,
  USABLE,
} from "../registry/model-status.ts";
import type { ModelSummary, StatusContext } from "../registry/registry.ts";
import type { RegistryService } from "../registry/registry-service.ts";
import {
  type Answer,
  answerFromPolicy,
  answerQuestion,
  answersEachModel,
  EXAMPLE_QUESTIONS,
  findRetiringModels,
  type SystemSummary,
} from "./answer-engine.ts";
import { findQaLog, insertQaLog, recordFeedback } from "./answers-repository.ts";
import { createLlmExplainer, type ToolRunner } from "./llm-explainer.ts";
import { parseQuestion } from "./question-parser.ts";

export type Surface = "mention" | "dm" | "command" | "cli" | "button";

export interface AskInput {
  question: string;
  surface: Surface;
  userId?: string | null;
  channelId?: string | null;
  /** Set when the user picked one of several matching models. */
  forcedModelId?: string;
}

export interface AskResult {
  answer: Answer;
  /** The qa_log row, for the feedback buttons; null when not logged. */
  qaId: number | null;
  latencyMs: number;
}

export interface ModelCard {
  model: ModelSummary;
  /** The registry id of the model's vendor (the summary carries its name). */
  vendorId: string;
  dataClasses: string[];
  useCases: string[] | null;
  conditions: string | null;
  alternatives: ModelSummary[];
  systems: SystemSummary[];
  policyUrl: string | null;
  reviewedOn: string | null;
}

export interface HomeOverview {
  approvedByUseCase: { useCase: string; models: ModelSummary[] }[];
  retiring: ModelSummary[];
  leads: string[];
  /** Questions the bot answers well, to show newcomers how to ask. */
  exampleQuestions: readonly string[];
}

export interface AnswerService {
  ask(input: AskInput): Promise<AskResult>;
  /** A model card, or the answer that explains why there is none (unknown, ambiguous). */
  modelCard(name: string): Promise<{ card: ModelCard } | { answer: Answer }>;
  homeOverview(): Promise<HomeOverview>;
  /** Feedback on an answer, from the user it was for only. */
  recordFeedback(qaId: number, value: "helpful" | "not_helpful", userId: string): Promise<void>;
  /** The question behind a logged answer, to answer it again for a picked model; for its asker only. */
  loggedQuestion(qaId: number, userId: string): Promise<string>;
}

const MAX_QUESTION_LENGTH = 2000;
/**
 * The answer text kept in qa_log: enough to review what was said, while a
 * list of thousands of models would otherwise take tens of KB a row.
 */
export const QA_LOG_ANSWER_CHARS = 4000;

export interface AnswerServiceDeps {
  db: Db;
  registry: RegistryService;
  now: () => Date;
  /** Open suspensions make models unusable, whatever the registry says; open incidents feed the LLM's read-only tool. */
  incidents: Pick<IncidentService, "suspendedModelIds" | "list">;
  /** Policy sections for questions the registry cannot answer. */
  policy: PolicyService;
  /** OpenAI-compatible providers, in order; none means deterministic answers only. */
  llm: { providers: ChatProvider[]; cooldownMs: number };
  logger: Logger;
  metrics: AnswerMetrics;
}

export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  const { db, registry, incidents, now } = deps;
  /** App Home's overview changes only with the registry, open suspensions and the date. */
  let overview: { catalog: ModelCatalog; context: StatusContext; home: HomeOverview } | null = null;

  async function statusContext(): Promise<StatusContext> {
    return statusOn(now(), await incidents.suspendedModelIds());
  }

  /** The company's own policy applies to the models that answer questions, too. */
  async function mayUse(provider: ChatProvider, question: string): Promise<boolean> {
    if (!provider.registryModel) return true;
    const catalog = await registry.catalog();
    const model = catalog.modelsById.get(provider.registryModel);
    if (!model) return false;
    const status = effectiveStatus(model, await statusContext());
    if (status === "suspended" || status === "prohibited" || status === "retired") return false;
    const dataClass = parseQuestion(catalog, question).dataClass;
    return !dataClass || allowsDataClass(catalog, model, dataClass.id);
  }

  const explainer = createLlmExplainer({
    providers: deps.llm.providers,
    cooldownMs: deps.llm.cooldownMs,
    now: deps.now,
    logger: deps.logger,
    metrics: deps.metrics,
    mayUse,
  });

  async function toolRunner(): Promise<ToolRunner> {
    const catalog = await registry.catalog();
    const context = await statusContext();
    const ask = (question: string) => answerQuestion(catalog, context, question);
    return {
      async run(name, args) {
        const a = args as Record<string, string | undefined>;
        switch (name) {
          case "answer_with_registry": {
            const answer = ask(a.question ?? "");
            return { text: answer.answer, answer };
          }
          case "find_model":
            return { text: ask(`Is ${a.name} approved?`).answer };
          case "alternatives":
            return {
              text: ask(`What should I use instead of ${a.model}${a.data_class ? ` for ${a.data_class} data` : ""}?`)
                .answer,
            };
          case "list_models": {
            const filters = [
              a.use_case ? `for ${a.use_case}` : "",
              a.data_class ? `with ${a.data_class} data` : "",
              a.vendor ? `from ${a.vendor}` : "",
              (args as { open_weights?: boolean }).open_weights ? "with open weights" : "",
            ].join(" ");
            return { text: ask(`Which models are approved ${filters}?`).answer };
          }
          case "dependents":
            return { text: ask(`Which systems use ${a.model}?`).answer };
          case "open_incidents": {
            const open = (await incidents.list({ openOnly: true, limit: 50 })).filter(
              (incident) => !a.vendor || incident.vendorName.toLowerCase().includes(a.vendor.toLowerCase()),
            );
            return {
              text:
                open
                  .slice(0, 20)
                  .map((i) => `${i.key} ${i.vendorName}: ${i.title} [${i.models.join(", ")}] ${i.description ?? ""}`)
                  .join("\n") || "No open incidents.",
            };
          }
          case "search_policy": {
            const quotes = await deps.policy.search(a.query ?? "");
            return {
              text:
                quotes.map((q) => `${q.sourcePath} › ${q.heading}: ${q.body}`).join("\n\n") ||
                "No policy section matches.",
            };
          }
        }
      },
    };
  }

  /**
   * The logged answer, if it was given to `userId`. A button naming someone
   * else's answer is refused: feedback is the asker's to give, and a picked
   * model re-asks a question that was theirs (in a direct message, private).
   */
  async function askersAnswer(qaId: number, userId: string, gone: string) {
    const row = await findQaLog(db, qaId);
    if (!row) throw new AppError("not_found", gone);
    if (row.user_id !== userId) {
      throw new AppError("forbidden", "That answer was for someone else, so I did nothing with it. Ask me yourself.");
    }
    return row;
  }

  return {
    async ask(input) {
      const question = input.question.trim();
      if (question === "") {
        throw new AppError("usage", "Ask me a question, for example: `Is Claude Opus 5 approved?`");
      }
      if (question.length > MAX_QUESTION_LENGTH) {
        throw new AppError(
          "invalid_input",
          `That question is too long: keep it under ${MAX_QUESTION_LENGTH} characters.`,
        );
      }
      const started = performance.now();
      let answer = answerQuestion(await registry.catalog(), await statusContext(), question, {
        ...(input.forcedModelId ? { forcedModelId: input.forcedModelId } : {}),
      });
      // Not about a model the registry knows or nearly knows: perhaps the policy documents answer it.
      const offTheRegistry =
        answer.intent === "unknown" ||
        (answer.verdict === "unknown" &&
          answer.models.length + answer.suggestions.length + answer.choices.length === 0);
      if (offTheRegistry) {
        const quotes = await deps.policy.search(question);
        if (quotes.length > 0) answer = answerFromPolicy(answer, quotes);
      }
      // One verdict per model is already the whole answer; the explainer's checks assume a single verdict.
      if (explainer.configured && !input.forcedModelId && !answersEachModel(answer)) {
        const explained = await explainer.explain(question, answer, await toolRunner());
        answer = explained ?? {
          ...answer,
          notes: [...answer.notes, "The AI explainer is unavailable right now; this is the registry's own answer."],
          answer: `${answer.answer}\nThe AI explainer is unavailable right now; this is the registry's own answer.`,
        };
      }
      const latencyMs = performance.now() - started;
      deps.metrics.answered(answer.path, latencyMs / 1000);
      const qaId =
        input.surface === "cli"
          ? null
          : await insertQaLog(db, {
              askedAt: now().toISOString(),
              userId: input.userId ?? null,
              channelId: input.channelId ?? null,
              surface: input.surface,
              question,
              intent: answer.intent,
              verdict: answer.verdict,
              answer: bounded(answer.answer, QA_LOG_ANSWER_CHARS),
              path: answer.path,
              latencyMs,
            }).catch((error: unknown) => {
              // The answer is computed and right; a full or locked disk costs the log row and the
              // feedback buttons (they need its id), not the answer.
              deps.logger.error("could not log the answer to qa_log; answering without feedback buttons", error);
              return null;
            });
      return { answer, qaId, latencyMs };
    },

    async modelCard(name) {
      const catalog = await registry.catalog();
      const context = await statusContext();
      const parsed = parseQuestion(catalog, name);
      const model = parsed.models.length === 1 && !parsed.ambiguous ? parsed.models[0] : undefined;
      if (!model) return { answer: answerQuestion(catalog, context, `Is ${name} approved?`) };
      const maxRank = catalog.dataClassRank.get(model.max_data_class) ?? -1;
      return {
        card: {
          model: summarizeModel(catalog, context, model),
          vendorId: model.vendor,
          dataClasses: catalog.registry.data_classes.slice(0, maxRank + 1).map((d) => d.name ?? d.id),
          useCases:
            model.use_cases === null ? null : model.use_cases.map((id) => catalog.useCasesById.get(id)?.name ?? id),
          conditions: model.conditions,
          alternatives: approvedAlternatives(catalog, context, model),
          systems: (catalog.systemsByModel.get(model.id) ?? []).map((s) => ({
            id: s.id,
            name: s.name,
            owner: s.owner,
            channel: s.channel,
            models: s.models,
          })),
          policyUrl: model.policy_url,
          reviewedOn: model.reviewed_on,
        },
      };
    },

    async homeOverview() {
      const catalog = await registry.catalog();
      const context = await statusContext();
      if (
        overview?.catalog === catalog &&
        overview.context.suspendedModelIds === context.suspendedModelIds &&
        overview.context.today === context.today
      ) {
        return overview.home;
      }
      const usable = catalog.registry.models.filter((m) => USABLE.has(effectiveStatus(m, context)));
      const home = {
        approvedByUseCase: catalog.registry.use_cases.map((useCase) => ({
          useCase: useCase.name ?? useCase.id,
          models: usable.filter((m) => allowsUseCase(m, useCase.id)).map((m) => summarizeModel(catalog, context, m)),
        })),
        retiring: findRetiringModels(catalog, context, 90),
        leads: catalog.registry.governance.leads,
        exampleQuestions: EXAMPLE_QUESTIONS,
      };
      overview = { catalog: catalog, context, home };
      return home;
    },

    async recordFeedback(qaId, value, userId) {
      await askersAnswer(qaId, userId, "I could not find that answer any more.");
      const found = await recordFeedback(db, qaId, { value, by: userId, at: now().toISOString() });
      if (!found) throw new AppError("not_found", "I could not find that answer any more.");
    },

    async loggedQuestion(qaId, userId) {
      const row = await askersAnswer(qaId, userId, "I could not find that question any more; please ask it again.");
      return row.question;
    },
  };
}

function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = `\n…(${(text.length - max).toLocaleString("en-US")} more characters not kept)`;
  return text.slice(0, max - marker.length) + marker;
}
