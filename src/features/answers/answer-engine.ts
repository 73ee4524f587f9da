import { count } from "../../plural.ts";
import { approvedAlternatives, MAX_ALTERNATIVES } from "../registry/model-alternatives.ts";
import { type ModelCatalog, modelsRetiringBetween, mostSensitiveClass } from "../registry/model-catalog.ts";
import { allowsDataClass, allowsUseCase, effectiveStatus, summarizeModel, USABLE } from "../registry/model-status.ts";
import type { EffectiveStatus, Model, ModelSummary, StatusContext, System } from "../registry/registry.ts";
import { renderAnswerText } from "./answer-text.ts";
import { type Intent, type ParsedQuestion, parseQuestion } from "./question-parser.ts";

export type Verdict = "yes" | "no" | "conditional" | "unknown";

export interface SystemSummary {
  id: string;
  name: string;
  owner: string | null;
  channel: string | null;
  models: string[];
}

export interface Source {
  title: string;
  url: string | null;
}

/** A section of the company's policy, quoted as the answer. */
export interface PolicyQuote {
  heading: string;
  text: string;
  url: string | null;
}

/**
 * A complete answer as plain data, with no Slack markup: Slack blocks, the
 * CLI's text and its JSON are built from it.
 */
export interface Answer {
  question: string;
  intent: Intent;
  verdict: Verdict | null;
  headline: string;
  reason: string | null;
  conditions: string | null;
  models: ModelSummary[];
  alternatives: ModelSummary[];
  systems: SystemSummary[];
  /** Several models fit the name: the user picks one. */
  choices: ModelSummary[];
  suggestions: ModelSummary[];
  /** Governance leads (Slack user ids) the answer says to ask; empty: "your AI governance team". */
  askLeads: string[] | null;
  /** Policy sections quoted, for a question the registry cannot answer. */
  quotes: PolicyQuote[];
  notes: string[];
  /** The whole answer as plain text. */
  answer: string;
  sources: Source[];
  path: string;
}

/** Questions answered yes or no per model; "Is GPT-5 or Claude Opus 5 approved?" gets one verdict each. */
const VERDICT_INTENTS: ReadonlySet<Intent> = new Set(["status", "data", "use_case"]);
/** Models answered in one reply; a longer list reads better as a list question. */
const MAX_MODELS_PER_ANSWER = 5;

export const EXAMPLE_QUESTIONS = [
  "Is Claude Opus 5 approved?",
  "Can I use GPT-5 with customer data?",
  "Is Qwen3 Coder approved for coding?",
  "What should I use instead of GPT-4o?",
  "Which models are approved for coding with open weights?",
  "Which systems use Claude Mythos 5?",
  "What retires in the next 90 days?",
];

/**
 * Answers a question from the registry alone. Every verdict comes from
 * here, whether or not an LLM later rewords the explanation.
 */
export function answerQuestion(
  catalog: ModelCatalog,
  context: StatusContext,
  question: string,
  options: { forcedModelId?: string } = {},
): Answer {
  const parsed = parseQuestion(catalog, question);
  const forced = options.forcedModelId ? catalog.modelsById.get(options.forcedModelId) : undefined;
  if (forced) {
    parsed.models = [forced];
    parsed.ambiguous = null;
    parsed.unrecognized = null;
    if (parsed.intent === "unknown" || parsed.intent === "list" || parsed.intent === "retiring")
      parsed.intent = "status";
  }
  const draft = new AnswerDraft(catalog, context, question, parsed.intent);

  if (parsed.intent === "unknown") return draft.unknownQuestion();
  if (parsed.intent === "retiring") return draft.retiring(parsed.days);
  if (parsed.intent === "list") return draft.list(parsed);

  for (const correction of parsed.corrections) {
    draft.notes.push(`I read “${correction.phrase}” as ${correction.name}.`);
  }
  if (VERDICT_INTENTS.has(parsed.intent)) {
    if (parsed.ambiguous?.kind === "several") return draft.verdictsFor(parsed.ambiguous.candidates, parsed);
    const only = parsed.models[0];
    if (only && !parsed.ambiguous && parsed.unrecognized) return draft.verdictsFor([only], parsed);
  }
  if (parsed.ambiguous) return draft.ambiguous(parsed.ambiguous.phrase, parsed.ambiguous.candidates);
  const model = parsed.models[0];
  if (!model) return draft.unknownModel(parsed);

  switch (parsed.intent) {
    case "dependents":
      return draft.dependents(model);
    case "alternatives":
      return draft.alternativesFor(model, parsed.dataClass?.id ?? null);
    case "data":
    case "use_case":
    case "status":
      return draft.verdictFor(model, parsed);
  }
}

/** A yes-or-no answer given for each of several models, which the LLM explainer leaves as it is. */
export function answersEachModel(answer: Answer): boolean {
  return VERDICT_INTENTS.has(answer.intent) && answer.models.length > 1;
}

export function findRetiringModels(catalog: ModelCatalog, context: StatusContext, days: number): ModelSummary[] {
  return new AnswerDraft(catalog, context, "", "retiring").retiring(days).models;
}

class AnswerDraft {
  readonly notes: string[] = [];
  private readonly catalog: ModelCatalog;
  private readonly context: StatusContext;
  private readonly question: string;
  private readonly intent: Intent;

  constructor(catalog: ModelCatalog, context: StatusContext, question: string, intent: Intent) {
    this.catalog = catalog;
    this.context = context;
    this.question = question;
    this.intent = intent;
  }

  summary(model: Model): ModelSummary {
    return summarizeModel(this.catalog, this.context, model);
  }

  dataClassName(id: string): string {
    return this.catalog.dataClassesById.get(id)?.name ?? id;
  }

  /**
   * "confidential data"; but a class named like a kind of data keeps its
   * name: "personal data", never "personal data data", and "trade secrets".
   */
  dataWords(id: string): string {
    const name = this.dataClassName(id).toLowerCase();
    return /\b(data|information|info)$|s$/.test(name) ? name : `${name} data`;
  }

  useCaseName(id: string): string {
    return this.catalog.useCasesById.get(id)?.name ?? id.replace(/_/g, " ");
  }

  finish(fields: Partial<Answer> & Pick<Answer, "verdict" | "headline">): Answer {
    const answer: Answer = {
      question: this.question,
      intent: this.intent,
      reason: null,
      conditions: null,
      models: [],
      alternatives: [],
      systems: [],
      choices: [],
      suggestions: [],
      askLeads: null,
      quotes: [],
      sources: [],
      path: "deterministic",
      answer: "",
      ...fields,
      notes: [...this.notes, ...(fields.notes ?? [])],
    };
    answer.answer = renderAnswerText(answer);
    return answer;
  }

  sourcesFor(models: readonly Model[]): Source[] {
    return models.flatMap((model) => {
      const reviewed = model.reviewed_on ? `, last reviewed ${model.reviewed_on}` : "";
      const entry: Source = { title: `AI model registry: ${model.name} (${model.id})${reviewed}`, url: null };
      return model.policy_url ? [entry, { title: `Policy: ${model.name}`, url: model.policy_url }] : [entry];
    });
  }

  leads(): string[] {
    return this.catalog.registry.governance.leads;
  }

  /** Why a model that is neither approved nor restricted may not be used. */
  statusReason(model: Model, status: EffectiveStatus): { headline: string; reason: string } {
    switch (status) {
      case "under_review":
        return {
          headline: `Not yet: ${model.name} is under review.`,
          reason: "The governance team has not approved it yet; until it does, use an approved model.",
        };
      case "prohibited":
        return { headline: `No, ${model.name} is prohibited.`, reason: "The company's AI policy does not allow it." };
      case "suspended":
        return {
          headline: `No, ${model.name} is suspended.`,
          reason: this.context.suspendedModelIds.has(model.id)
            ? "An open vendor incident suspends it until the incident is resolved."
            : "The registry marks it suspended: do not use it until it is reinstated.",
        };
      case "deprecated":
        return {
          headline: `No, ${model.name} is deprecated: do not start new work with it.`,
          reason: model.retires_on
            ? `Existing systems may continue until ${model.retires_on}; plan the move to an alternative now.`
            : "Existing systems may continue for now; new work should use an alternative.",
        };
      case "retired":
        return {
          headline: `No, ${model.name} was retired on ${model.retires_on}.`,
          reason: "It may no longer be used; systems still on it must move to an alternative.",
        };
      default:
        return { headline: `${model.name} is ${status}.`, reason: "" };
    }
  }

  verdictFor(model: Model, parsed: ParsedQuestion): Answer {
    const status = effectiveStatus(model, this.context);
    const dataClass = this.intent === "data" ? parsed.dataClass : null;
    const useCase = parsed.useCase;
    const sources = this.sourcesFor([model]);
    const models = [this.summary(model)];
    const wanted = dataClass?.id ?? model.max_data_class;

    if (!USABLE.has(status)) {
      const { headline, reason } = this.statusReason(model, status);
      return this.finish({
        verdict: "no",
        headline,
        reason,
        models,
        alternatives: this.alternativeModels(model, wanted),
        sources,
      });
    }
    if (dataClass && !allowsDataClass(this.catalog, model, dataClass.id)) {
      return this.finish({
        verdict: "no",
        headline: `No, ${model.name} is not approved for ${this.dataWords(dataClass.id)}.`,
        reason: `It is approved for ${this.dataWords(model.max_data_class)} at most.`,
        models,
        alternatives: this.alternativeModels(model, dataClass.id),
        sources,
      });
    }
    if (useCase && !allowsUseCase(model, useCase.id)) {
      const allowed = (model.use_cases ?? []).map((id) => this.useCaseName(id).toLowerCase());
      return this.finish({
        verdict: "no",
        headline: `No, ${model.name} is not approved for ${this.useCaseName(useCase.id).toLowerCase()}.`,
        reason:
          allowed.length > 0 ? `It is approved for ${joinWords(allowed)} only.` : "It is approved for no use case.",
        models,
        alternatives: this.alternativeModels(model, wanted, useCase.id),
        sources,
      });
    }

    const unsure = this.unknownScope(model, parsed, status);
    if (unsure) {
      return this.finish({
        verdict: "unknown",
        ...unsure,
        models,
        alternatives: this.alternativeModels(model, mostSensitiveClass(this.catalog)?.id ?? wanted, useCase?.id),
        sources,
      });
    }

    const scope = [
      dataClass ? `with ${this.dataWords(dataClass.id)}` : null,
      useCase ? `for ${this.useCaseName(useCase.id).toLowerCase()}` : null,
    ]
      .filter(Boolean)
      .join(" ");
    const reason = this.approvalScope(model);
    if (status === "restricted") {
      return this.finish({
        verdict: "conditional",
        headline: `Yes, with conditions: ${model.name} is restricted${scope ? ` ${scope}` : ""}.`,
        reason,
        conditions: model.conditions,
        models,
        alternatives: this.alternativeModels(model, wanted, useCase?.id),
        sources,
      });
    }
    return this.finish({
      verdict: "yes",
      headline: scope ? `Yes, you can use ${model.name} ${scope}.` : `Yes, ${model.name} is approved.`,
      reason,
      models,
      sources,
    });
  }

  /**
   * Data or a use the registry does not name: no bare yes. The answer is the
   * model's scope and a question back, unless the model allows every data
   * class or every use, when the unknown words cannot change the verdict.
   */
  unknownScope(
    model: Model,
    parsed: ParsedQuestion,
    status: EffectiveStatus,
  ): { headline: string; reason: string; askLeads: string[] | null } | null {
    const top = mostSensitiveClass(this.catalog);
    const classes = this.catalog.registry.data_classes;
    const allowedRank = this.catalog.dataClassRank.get(model.max_data_class) ?? -1;
    const ifYes = status === "restricted" ? "yes, with conditions" : "yes";
    if (parsed.unknownData && !parsed.dataClass) {
      if (top && allowsDataClass(this.catalog, model, top.id)) {
        this.notes.push(
          `“${parsed.unknownData}” is not a data class I know, but ${model.name} is approved for every class, up to ${this.dataWords(top.id)}.`,
        );
      } else {
        const allowed = classes.slice(0, allowedRank + 1).map((d) => this.dataWords(d.id));
        const above = classes.slice(allowedRank + 1).map((d) => this.dataWords(d.id));
        return {
          headline: `I can't tell: I don't know which data class “${parsed.unknownData}” is. ${model.name} is approved for ${this.dataWords(model.max_data_class)} at most.`,
          reason:
            `Which class is it? If it is ${joinWords(allowed, "or")}: ${ifYes}. ` +
            `If it is ${joinWords(above, "or")}: no. Ask again naming the class.`,
          askLeads: this.leads(),
        };
      }
    }
    if (parsed.unknownUseCase && !parsed.useCase) {
      if (model.use_cases === null) {
        this.notes.push(
          `“${parsed.unknownUseCase}” is not a use case in the registry, but ${model.name} is approved for any use case.`,
        );
      } else {
        const allowed = model.use_cases.map((id) => this.useCaseName(id).toLowerCase());
        const all = this.catalog.registry.use_cases.map((u) => this.useCaseName(u.id).toLowerCase());
        return {
          headline: `I can't tell: “${parsed.unknownUseCase}” is not a use case in the registry. ${model.name} is approved for ${allowed.length > 0 ? `${joinWords(allowed)} only` : "no use case"}.`,
          reason: `The registry's use cases are ${joinWords(all)}. If yours is one of ${model.name}'s: ${ifYes}; otherwise ask the governance leads.`,
          askLeads: this.leads(),
        };
      }
    }
    return null;
  }

  approvalScope(model: Model): string {
    const data = `${this.dataWords(model.max_data_class)} at most`;
    const uses =
      model.use_cases === null
        ? "any use case"
        : model.use_cases.length === 0
          ? "no use case"
          : joinWords(model.use_cases.map((id) => this.useCaseName(id).toLowerCase()));
    const retiring = model.retires_on ? ` It retires on ${model.retires_on}.` : "";
    return `Approved for ${data}, for ${uses}.${retiring}`;
  }

  alternativeModels(model: Model, dataClassId: string, useCaseId?: string): ModelSummary[] {
    return approvedAlternatives(this.catalog, this.context, model, dataClassId, useCaseId);
  }

  alternativesFor(model: Model, dataClassId: string | null): Answer {
    const wanted = dataClassId ?? model.max_data_class;
    const alternatives = this.alternativeModels(model, wanted);
    const forData = dataClassId ? ` for ${this.dataWords(dataClassId)}` : "";
    return this.finish({
      verdict: null,
      headline:
        alternatives.length > 0
          ? `Instead of ${model.name}${forData}, use:`
          : `There is no approved alternative to ${model.name}${forData}.`,
      askLeads: alternatives.length > 0 ? null : this.leads(),
      models: [this.summary(model)],
      alternatives,
      sources: this.sourcesFor([model]),
    });
  }

  dependents(model: Model): Answer {
    const systems = (this.catalog.systemsByModel.get(model.id) ?? []).map(systemSummary);
    return this.finish({
      verdict: null,
      headline:
        systems.length === 0
          ? `No system in the registry depends on ${model.name}.`
          : `${count(systems.length, "system")} depend${systems.length === 1 ? "s" : ""} on ${model.name}:`,
      models: [this.summary(model)],
      systems,
      sources: this.sourcesFor([model]),
    });
  }

  list(parsed: ParsedQuestion): Answer {
    const filters: string[] = [];
    // Data or a use the registry does not name: list only the models that fit whatever it turns out to be.
    const top = mostSensitiveClass(this.catalog);
    const dataClass = parsed.dataClass ?? (parsed.unknownData ? top : null);
    const anyUseOnly = !parsed.useCase && parsed.unknownUseCase !== null;
    if (parsed.unknownData && !parsed.dataClass && top) {
      this.notes.push(
        `I don't know which data class “${parsed.unknownData}” is, so these are the models approved for ${this.dataWords(top.id)}, the most sensitive class. The classes are ${joinWords(this.catalog.registry.data_classes.map((d) => this.dataWords(d.id)))}.`,
      );
    }
    if (anyUseOnly) {
      this.notes.push(
        `“${parsed.unknownUseCase}” is not a use case in the registry, so these are the models approved for any use case. The use cases are ${joinWords(this.catalog.registry.use_cases.map((u) => this.useCaseName(u.id).toLowerCase()))}.`,
      );
    }
    if (parsed.useCase) filters.push(`for ${this.useCaseName(parsed.useCase.id).toLowerCase()}`);
    if (anyUseOnly) filters.push("for any use case");
    if (dataClass) filters.push(`with ${this.dataWords(dataClass.id)}`);
    if (parsed.vendor) filters.push(`from ${parsed.vendor.name}`);
    if (parsed.openWeights) filters.push("with open weights");
    if (parsed.selfHosted) filters.push("self-hosted");
    // A use case narrows the models to read; every condition is still checked on each.
    const candidates = parsed.useCase
      ? (this.catalog.modelsByUseCase.get(parsed.useCase.id) ?? this.catalog.registry.models)
      : this.catalog.registry.models;
    const matches = candidates.filter((model) => {
      if (!USABLE.has(effectiveStatus(model, this.context))) return false;
      if (parsed.useCase && !allowsUseCase(model, parsed.useCase.id)) return false;
      if (anyUseOnly && model.use_cases !== null) return false;
      if (dataClass && !allowsDataClass(this.catalog, model, dataClass.id)) return false;
      if (parsed.vendor && model.vendor !== parsed.vendor.id) return false;
      if (parsed.openWeights && !model.open_weights) return false;
      if (parsed.selfHosted && model.hosting !== "self_hosted") return false;
      return true;
    });
    const scope = filters.length > 0 ? ` ${filters.join(" ")}` : "";
    return this.finish({
      verdict: null,
      headline:
        matches.length === 0
          ? `No model is approved${scope}.`
          : `${count(matches.length, "model")} ${matches.length === 1 ? "is" : "are"} approved${scope}:`,
      askLeads: matches.length === 0 ? this.leads() : null,
      models: matches.map((model) => this.summary(model)),
    });
  }

  retiring(days: number): Answer {
    const until = addDays(this.context.today, days);
    const matches = modelsRetiringBetween(this.catalog, this.context.today, until);
    const systems = matches.flatMap((model) => this.catalog.systemsByModel.get(model.id) ?? []);
    return this.finish({
      verdict: null,
      headline:
        matches.length === 0
          ? `No model retires in the next ${days} days.`
          : `${count(matches.length, "model")} retire${matches.length === 1 ? "s" : ""} in the next ${days} days (until ${until}):`,
      models: matches.map((model) => this.summary(model)),
      systems: [...new Set(systems)].map(systemSummary),
      sources: this.sourcesFor(matches),
    });
  }

  /**
   * One verdict per named model (exact names first, then corrected ones).
   * The answer's own verdict is theirs when they agree, and none when they
   * differ or when a name beside them is not a registry model: the headline
   * then says which is which.
   */
  verdictsFor(named: Model[], parsed: ParsedQuestion): Answer {
    const models = named.slice(0, MAX_MODELS_PER_ANSWER);
    const dropped = named.slice(MAX_MODELS_PER_ANSWER);
    if (dropped.length > 0) {
      const names = joinWords(
        dropped.map((model) => model.name),
        "and",
      );
      this.notes.push(
        `You named ${named.length} models; this answers the first ${models.length}. Ask again about ${names}.`,
      );
    }
    const parts = models.map((model) => ({ model, answer: this.verdictFor(model, parsed) }));
    const verdicts = new Set(parts.map((part) => part.answer.verdict));
    const namedIds = new Set(named.map((model) => model.id));
    const unrecognized = parsed.unrecognized ? this.unrecognizedSentence(parsed.unrecognized) : null;
    const alternatives = new Map<string, ModelSummary>();
    for (const { answer } of parts) {
      if (answer.verdict !== "no") continue;
      for (const alternative of answer.alternatives) {
        if (!namedIds.has(alternative.id)) alternatives.set(alternative.id, alternative);
      }
    }
    const conditions = parts
      .filter(({ answer }) => answer.conditions)
      .map(({ model, answer }) => `${model.name}: ${answer.conditions}`);
    return this.finish({
      // One badge only when it holds for every model named: none when they differ, or some are unanswered or unknown.
      verdict: verdicts.size === 1 && !unrecognized && dropped.length === 0 ? (parts[0]?.answer.verdict ?? null) : null,
      headline: [...parts.map(({ answer }) => answer.headline), ...(unrecognized ? [unrecognized] : [])].join(" "),
      reason: parts
        .filter(({ answer }) => answer.reason)
        .map(({ model, answer }) => `• ${model.name}: ${answer.reason}`)
        .join("\n"),
      conditions: conditions.length > 0 ? conditions.join(" ") : null,
      models: parts.flatMap(({ answer }) => answer.models),
      alternatives: [...alternatives.values()].slice(0, MAX_ALTERNATIVES),
      sources: parts.flatMap(({ answer }) => answer.sources),
      suggestions: (parsed.unrecognized?.near ?? []).filter((m) => !namedIds.has(m.id)).map((m) => this.summary(m)),
      askLeads: parts.some(({ answer }) => answer.askLeads) ? this.leads() : null,
    });
  }

  unrecognizedSentence({ phrase, near, kind }: NonNullable<ParsedQuestion["unrecognized"]>): string {
    const names = near.map((model) => model.name);
    if (kind === "family" && near.length > 1) {
      return `“${phrase}” could mean ${count(near.length, "model")}: ask about one of them.`;
    }
    return names.length > 0
      ? `I don't know a model called “${phrase}”: did you mean ${joinWords(names, "or")}?`
      : `I don't know a model called “${phrase}”: it is not in the AI model registry.`;
  }

  ambiguous(phrase: string, candidates: Model[]): Answer {
    return this.finish({
      verdict: "unknown",
      headline: `“${phrase}” could mean ${count(candidates.length, "model")}. Which one do you mean?`,
      choices: candidates.map((model) => this.summary(model)),
    });
  }

  unknownModel(parsed: ParsedQuestion): Answer {
    const name = parsed.unknownModelPhrase ? `“${parsed.unknownModelPhrase}”` : "that model";
    const suggestions = parsed.suggestions.map((model) => this.summary(model));
    return this.finish({
      verdict: "unknown",
      headline: `I don't know a model called ${name}: it is not in the AI model registry.`,
      reason:
        suggestions.length > 0
          ? `Did you mean ${joinWords(
              suggestions.map((s) => s.name),
              "or",
            )}? Unlisted models are not approved.`
          : "Unlisted models are not approved.",
      askLeads: this.leads(),
      suggestions,
    });
  }

  unknownQuestion(): Answer {
    return this.finish({
      verdict: null,
      headline: "I can answer questions about AI models in the company registry, like:",
      reason: EXAMPLE_QUESTIONS.map((example) => `• ${example}`).join("\n"),
    });
  }
}

/** A policy section found for the question, as the policy index returns it. */
export interface PolicySection {
  heading: string;
  body: string;
  sourcePath: string;
  sourceUrl: string | null;
}

const QUOTE_CHARS = 400;

/**
 * A question the registry cannot answer but the policy documents can: the
 * best sections, quoted, with their links. No verdict: the policy's words speak.
 */
export function answerFromPolicy(base: Answer, sections: readonly PolicySection[]): Answer {
  const answer: Answer = {
    ...base,
    verdict: null,
    headline: "Here is what the company's AI policy says:",
    reason: null,
    askLeads: null,
    quotes: sections.map((section) => {
      const text = section.body.replace(/\s+/g, " ").trim();
      return {
        heading: section.heading,
        text: text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text,
        url: section.sourceUrl,
      };
    }),
    sources: sections.map((section) => ({
      title: `Policy: ${section.sourcePath} › ${section.heading}`,
      url: section.sourceUrl,
    })),
    notes: [],
  };
  answer.answer = renderAnswerText(answer);
  return answer;
}

function systemSummary(system: System): SystemSummary {
  return { id: system.id, name: system.name, owner: system.owner, channel: system.channel, models: system.models };
}

export function joinWords(words: readonly string[], last = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${last} ${words[words.length - 1]}`;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
