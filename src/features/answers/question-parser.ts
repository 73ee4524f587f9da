import type { ModelCatalog } from "../registry/model-catalog.ts";
import {
  type AmbiguousModels,
  type Correction,
  readModels,
  readSpans,
  type UnrecognizedName,
} from "../registry/name-reading.ts";
import { FUNCTION_WORDS, looksEnglish } from "../registry/name-words.ts";
import type { DataClass, Model, UseCase, Vendor } from "../registry/registry.ts";
import { DATA_NOUNS, DATA_PREPOSITIONS, DATA_VERBS, DETERMINERS, NOT_A_USE } from "./question-words.ts";

export const INTENTS = [
  "status",
  "data",
  "use_case",
  "alternatives",
  "list",
  "dependents",
  "retiring",
  "unknown",
] as const;
export type Intent = (typeof INTENTS)[number];

export interface ParsedQuestion {
  intent: Intent;
  /** The models the question names, each resolved to one registry entry. */
  models: Model[];
  /**
   * Several models for one question. `several` when the text names each of
   * them (a yes-or-no question is answered for each); `phrase` when one name
   * fits several registry entries, and `family` when a bare family name
   * ("gemini") does: the user picks one.
   */
  ambiguous: AmbiguousModels | null;
  /** Typos forgiven (in model, data class, use case or vendor names), to say how the question was read. */
  corrections: Correction[];
  /** Close names for a model the registry does not have. */
  suggestions: Model[];
  /** What the user called a model the registry does not know. */
  unknownModelPhrase: string | null;
  /**
   * A name beside the recognised models that is not one of them: another
   * version ("llama 3") or a family ("claude"), with the models it is near.
   */
  unrecognized: UnrecognizedName | null;
  dataClass: DataClass | null;
  useCase: UseCase | null;
  vendor: Vendor | null;
  openWeights: boolean;
  selfHosted: boolean;
  /** Data the question speaks of that is no registry data class or alias: "customer phone numbers". */
  unknownData: string | null;
  /** A use the question names that is no registry use case: "legal review". */
  unknownUseCase: string | null;
  /** Horizon of a retiring question. */
  days: number;
}

const RETIRING =
  /\b(retir(e|es|ed|ing|ement|ements)|sunset(s|ting)?|end[- ]of[- ]life|eol|shut(ting)?[- ]?down|turned off|switched off|going away)\b/;
const DEPENDENTS =
  /\b(which|what) (internal )?(systems?|services?|apps?|applications?|teams?|products?|tools?)\b|\bwho (uses|is using|relies|depends|owns|runs)\b|\bdepend(s|ing|ent|ents|encies)?( on)?\b|\brel(y|ies|ying) on\b|\bbuilt (on|with)\b|\baffected\b|\bimpact(ed)?\b/;
const ALTERNATIVES =
  /\binstead\b|\balternatives?\b|\breplace(ment|ments|d)?\b|\bsubstitut\w*|\bswitch(ing)? (away )?(from|to|off)\b|\bfall ?backs?\b|\bmigrat\w* (off|from|away)\b|\bmove (off|away)\b|\bsimilar to\b|\brather than\b/;
const LIST =
  /\b(which|what|list|show|any|all)\b[^?]*\b(models?|llms?|ais?|options?|tools?)\b|\bwhat (can|could|should|may) (i|we) use\b|\bwhat('s| is) (approved|allowed|available)\b|\bopen[- ]weights?\b|\bself[- ]host(ed|able)?\b/;
const STATUS =
  /\b(approved|allowed|permitted|sanctioned|authori[sz]ed|banned|blocked|prohibited|ok|okay|fine|safe|status|legal|supported|cleared|green[- ]?lit)\b|\b(can|may|could) (i|we|my team|our team) (use|try|adopt)\b|\bstill (usable|available|ok)\b/;
const OPEN_WEIGHTS = /\bopen[- ]?(weights?|source|models?)\b/;
const SELF_HOSTED = /\b(self[- ]?host(ed|able|ing)?|on[- ]prem(ise|ises)?|locally|run (it )?ourselves)\b/;

export function parseQuestion(catalog: ModelCatalog, question: string): ParsedQuestion {
  const spans = readSpans(catalog, question);
  const lower = spans.text.toLowerCase();
  const { dataClass, useCase, vendor } = spans;
  const { data: unknownData, use: unknownUseCase } = spokenOf(spans.words, spans.claimed, {
    data: dataClass === null,
    use: useCase === null,
  });
  const named = readModels(catalog, spans);
  const flags = {
    dataClass,
    useCase,
    vendor,
    openWeights: OPEN_WEIGHTS.test(lower),
    selfHosted: SELF_HOSTED.test(lower),
  };
  const hasModel = named.models.length > 0 || named.ambiguous !== null;
  const about = hasModel || named.otherModelPhrase ? "model" : named.unknownName ? "unknown" : "nothing";
  return {
    intent: chooseIntent(lower, about, { ...flags, unknownData, unknownUseCase }),
    models: named.models,
    ambiguous: named.ambiguous,
    corrections: named.corrections,
    suggestions: named.suggestions,
    unknownModelPhrase: hasModel ? null : (named.otherModelPhrase ?? named.unknownName),
    unrecognized: named.unrecognized,
    ...flags,
    unknownData,
    unknownUseCase,
    days: horizonDays(lower),
  };
}

/**
 * The data and the use a question speaks of in words the registry does not
 * have: the object of "paste", "upload", "share"…; a phrase after "with" or
 * "containing" that has a data noun or an unknown word, or after "into" or
 * "on" one with a data noun ("paste it into ChatGPT" names a tool); and
 * after "for", a data phrase or else a use. Only what the registry's names
 * did not already give is looked for. Their words are claimed, so they are not read as an
 * unknown model's name.
 */
function spokenOf(
  words: readonly string[],
  claimed: boolean[],
  looking: { data: boolean; use: boolean },
): { data: string | null; use: string | null } {
  let data: string | null = null;
  let use: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (claimed[i]) continue;
    const isVerb = DATA_VERBS.has(word);
    const isPreposition = DATA_PREPOSITIONS.has(word);
    if (!isVerb && !isPreposition && word !== "for") continue;
    const object = objectPhrase(words, claimed, i + 1);
    if (!object) continue;
    const hasDataNoun = object.words.some((w) => DATA_NOUNS.has(w));
    const hasUnknownWord = object.words.some((w) => !looksEnglish(w));
    const head = object.words[object.words.length - 1] as string;
    let kind: "data" | "use" | null = null;
    if (isVerb || hasDataNoun) kind = "data";
    else if (isPreposition && word !== "on" && word !== "into" && hasUnknownWord) kind = "data";
    else if (word === "for" && !NOT_A_USE.has(head) && object.words.some((w) => /\p{L}/u.test(w))) kind = "use";
    if (kind === "data" && looking.data && data === null) data = object.words.join(" ");
    else if (kind === "use" && looking.use && use === null) use = object.words.join(" ");
    else continue;
    for (let j = object.from; j < object.to; j++) claimed[j] = true;
  }
  return { data, use };
}

/** The words after a verb or preposition, past "my", "the"…, up to the next function word or registry name. */
function objectPhrase(
  words: readonly string[],
  claimed: readonly boolean[],
  start: number,
): { words: string[]; from: number; to: number } | null {
  let from = start;
  while (from < words.length && !claimed[from] && DETERMINERS.has(words[from] as string)) from++;
  let to = from;
  while (to < words.length && !claimed[to]) {
    const word = words[to] as string;
    if (FUNCTION_WORDS.has(word) && !DATA_NOUNS.has(word)) break;
    to++;
  }
  return to > from ? { words: words.slice(from, to), from, to } : null;
}

type About = "model" | "unknown" | "nothing";

function chooseIntent(
  lower: string,
  about: About,
  flags: {
    dataClass: unknown;
    useCase: unknown;
    vendor: unknown;
    openWeights: boolean;
    selfHosted: boolean;
    unknownData: string | null;
    unknownUseCase: string | null;
  },
): Intent {
  const byStructure = (): Intent => {
    if (DEPENDENTS.test(lower)) return "dependents";
    if (ALTERNATIVES.test(lower)) return "alternatives";
    if (flags.dataClass || flags.unknownData) return "data";
    if (flags.useCase || flags.unknownUseCase) return "use_case";
    return "status";
  };
  if (about === "model") return byStructure();
  const spokenOf = Boolean(flags.dataClass || flags.useCase || flags.unknownData || flags.unknownUseCase);
  if (about === "unknown") {
    // "nova 9 for translation" is about Nova 9, not a list of translation models.
    if (STATUS.test(lower) || ALTERNATIVES.test(lower) || DEPENDENTS.test(lower) || spokenOf) return byStructure();
    if (LIST.test(lower)) return "list";
    return "unknown";
  }
  if (RETIRING.test(lower)) return "retiring";
  // Only filters the registry names make a list of a question that does not ask for one.
  const filtered = Boolean(flags.dataClass || flags.useCase || flags.vendor || flags.openWeights || flags.selfHosted);
  if (LIST.test(lower) || filtered) return "list";
  return "unknown";
}

function horizonDays(lower: string): number {
  const match = lower.match(/\b(\d{1,4})\s*(day|days|week|weeks|month|months)\b/);
  if (!match) return 90;
  const amount = Number(match[1]);
  const unit = match[2] ?? "days";
  if (unit.startsWith("week")) return amount * 7;
  if (unit.startsWith("month")) return amount * 30;
  return amount;
}
