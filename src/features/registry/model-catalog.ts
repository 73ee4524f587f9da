import { nameKey } from "./name-key.ts";
import { PhraseIndex, tokenize } from "./phrase-index.ts";
import type { DataClass, Model, ModelStatus, Registry, System, UseCase, Vendor } from "./registry.ts";

export type EffectiveStatus = ModelStatus | "retired";

/** What can change a model's status without a registry import. */
export interface StatusContext {
  /** Today's date, YYYY-MM-DD, in UTC. */
  today: string;
  /** Models named by an open suspension incident. */
  suspendedModelIds: ReadonlySet<string>;
}

/**
 * The registry arranged for answering: lookups by id, sensitivity ranks, and
 * phrase indexes for the names people type. Built once per registry revision.
 */
export interface RegistryKnowledge {
  registry: Registry;
  modelsById: Map<string, Model>;
  vendorsById: Map<string, Vendor>;
  dataClassRank: Map<string, number>;
  dataClassesById: Map<string, DataClass>;
  useCasesById: Map<string, UseCase>;
  systemsByModel: Map<string, System[]>;
  /** Models a use case may use (listed for it, or for any use), in registry order: a list question reads only these. */
  modelsByUseCase: Map<string, Model[]>;
  /** Models with a retirement date, by date (registry order among equal dates), for "what retires" by binary search. */
  retiringByDate: Model[];
  models: PhraseIndex<Model>;
  /** Every model name key, sorted, for prefix search ("gemini" → every Gemini). */
  modelKeysSorted: { key: string; model: Model }[];
  dataClasses: PhraseIndex<DataClass>;
  useCases: PhraseIndex<UseCase>;
  vendors: PhraseIndex<Vendor>;
  /** Every word of a registry name or alias ("for" in "Claude for Work"), which typo matching may then cross. */
  nameWords: Set<string>;
}

export function buildKnowledge(registry: Registry): RegistryKnowledge {
  const nameWords = new Set<string>();
  const addWords = (phrase: string) => {
    for (const token of tokenize(phrase)) nameWords.add(token.text.toLowerCase());
  };
  const fuzzy = { fuzzy: true };
  const models = new PhraseIndex<Model>();
  const modelKeysSorted: { key: string; model: Model }[] = [];
  for (const model of registry.models) {
    models.add(model.id, model);
    const tail = model.id.includes("/") ? model.id.slice(model.id.lastIndexOf("/") + 1) : null;
    for (const phrase of [model.name, ...(tail ? [tail] : []), ...model.aliases]) {
      models.add(phrase, model, fuzzy);
      modelKeysSorted.push({ key: nameKey(phrase), model });
      addWords(phrase);
    }
  }
  modelKeysSorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const dataClasses = new PhraseIndex<DataClass>();
  for (const dataClass of registry.data_classes) {
    for (const phrase of [...namesOf(dataClass), `${dataClass.id} data`]) {
      dataClasses.add(phrase, dataClass, fuzzy);
      addWords(phrase);
    }
  }
  const useCases = new PhraseIndex<UseCase>();
  for (const useCase of registry.use_cases) {
    for (const phrase of namesOf(useCase)) {
      useCases.add(phrase, useCase, fuzzy);
      addWords(phrase);
    }
  }
  const vendors = new PhraseIndex<Vendor>();
  for (const vendor of registry.vendors) {
    for (const phrase of [vendor.id, vendor.name]) {
      vendors.add(phrase, vendor, fuzzy);
      addWords(phrase);
    }
  }
  const systemsByModel = new Map<string, System[]>();
  for (const system of registry.systems) {
    for (const modelId of system.models) {
      const list = systemsByModel.get(modelId) ?? [];
      list.push(system);
      systemsByModel.set(modelId, list);
    }
  }
  const modelsByUseCase = new Map<string, Model[]>(registry.use_cases.map((useCase) => [useCase.id, []]));
  for (const model of registry.models) {
    for (const useCaseId of model.use_cases ?? modelsByUseCase.keys()) {
      const list = modelsByUseCase.get(useCaseId) ?? [];
      list.push(model);
      modelsByUseCase.set(useCaseId, list);
    }
  }
  // Array.prototype.sort is stable, so equal dates stay in registry order as a filtered and sorted copy would.
  const retiringByDate = registry.models
    .filter((model) => model.retires_on !== null)
    .sort((a, b) => (a.retires_on ?? "").localeCompare(b.retires_on ?? ""));
  return {
    registry,
    modelsById: new Map(registry.models.map((m) => [m.id, m])),
    vendorsById: new Map(registry.vendors.map((v) => [v.id, v])),
    dataClassRank: new Map(registry.data_classes.map((d, rank) => [d.id, rank])),
    dataClassesById: new Map(registry.data_classes.map((d) => [d.id, d])),
    useCasesById: new Map(registry.use_cases.map((u) => [u.id, u])),
    systemsByModel,
    modelsByUseCase,
    retiringByDate,
    models,
    modelKeysSorted,
    dataClasses,
    useCases,
    vendors,
    nameWords,
  };
}

/** A class id, its name, its aliases, and simple plural forms of each. */
function namesOf(item: { id: string; name: string | null; aliases: string[] }): string[] {
  const names = [item.id, item.id.replace(/_/g, " "), ...(item.name ? [item.name] : []), ...item.aliases];
  return names.flatMap((name) => (name.endsWith("s") ? [name] : [name, `${name}s`]));
}

/**
 * The status that counts today: an open suspension incident or a past
 * retirement date overrides what the registry file says.
 */
export function effectiveStatus(model: Model, context: StatusContext): EffectiveStatus {
  if (context.suspendedModelIds.has(model.id)) return "suspended";
  if (model.retires_on !== null && model.retires_on < context.today) return "retired";
  return model.status;
}

export function allowsDataClass(knowledge: RegistryKnowledge, model: Model, dataClassId: string): boolean {
  const allowed = knowledge.dataClassRank.get(model.max_data_class) ?? -1;
  const wanted = knowledge.dataClassRank.get(dataClassId) ?? Number.POSITIVE_INFINITY;
  return wanted <= allowed;
}

/** The most sensitive data class: a model allowed it may take any data. */
export function mostSensitiveClass(knowledge: RegistryKnowledge): DataClass | null {
  return knowledge.registry.data_classes.at(-1) ?? null;
}

export function allowsUseCase(model: Model, useCaseId: string): boolean {
  return model.use_cases === null || model.use_cases.includes(useCaseId);
}

/** Models that retire from `from` to `until` (YYYY-MM-DD, both included), by date. */
export function modelsRetiringBetween(knowledge: RegistryKnowledge, from: string, until: string): Model[] {
  const models = knowledge.retiringByDate;
  let low = 0;
  let high = models.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (((models[middle] as Model).retires_on ?? "") < from) low = middle + 1;
    else high = middle;
  }
  const found: Model[] = [];
  for (let i = low; i < models.length && ((models[i] as Model).retires_on ?? "") <= until; i++) {
    found.push(models[i] as Model);
  }
  return found;
}

/** Models with a name, alias or id that starts with `prefix` (a name key), at most `limit`. */
export function modelsWithKeyPrefix(knowledge: RegistryKnowledge, prefix: string, limit: number): Model[] {
  const keys = knowledge.modelKeysSorted;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as { key: string }).key < prefix) low = middle + 1;
    else high = middle;
  }
  const found: Model[] = [];
  for (let i = low; i < keys.length && found.length < limit; i++) {
    const entry = keys[i] as { key: string; model: Model };
    if (!entry.key.startsWith(prefix)) break;
    if (!found.includes(entry.model)) found.push(entry.model);
  }
  return found;
}
