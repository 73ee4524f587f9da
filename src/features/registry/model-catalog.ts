import { alternativesAmong } from "./model-alternatives.ts";
import { nameKey } from "./name-key.ts";
import { type RecognizedNames, recognizeNames } from "./name-reading.ts";
import { PhraseIndex, tokenize } from "./phrase-index.ts";
import type { DataClass, Model, ModelSummary, Registry, StatusContext, System, UseCase, Vendor } from "./registry.ts";

/**
 * The registry arranged for finding models: lookups by id, sensitivity ranks,
 * and phrase indexes for the names people type. Built once per registry
 * revision (the registry service caches it), and shared by every feature.
 */
export interface ModelCatalog {
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
  /** Registry vendors and models named in free text, e.g. a message about an outage. */
  recognize(text: string): RecognizedNames;
  /**
   * Approved alternatives to any of `modelIds` that allow `dataClassId`,
   * best first, leaving out `exclude` (e.g. the models an incident hit);
   * `status` says which models are suspended today.
   */
  alternativesFor(
    modelIds: readonly string[],
    dataClassId: string,
    options: { exclude: readonly string[]; status: StatusContext },
  ): ModelSummary[];
}

export function buildModelCatalog(registry: Registry): ModelCatalog {
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
  const catalog: ModelCatalog = {
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
    recognize: (text) => recognizeNames(catalog, text),
    alternativesFor: (modelIds, dataClassId, { exclude, status }) =>
      alternativesAmong(catalog, status, modelIds, dataClassId, exclude),
  };
  return catalog;
}

/** A class id, its name, its aliases, and simple plural forms of each. */
function namesOf(item: { id: string; name: string | null; aliases: string[] }): string[] {
  const names = [item.id, item.id.replace(/_/g, " "), ...(item.name ? [item.name] : []), ...item.aliases];
  return names.flatMap((name) => (name.endsWith("s") ? [name] : [name, `${name}s`]));
}

/** The most sensitive data class: a model allowed it may take any data. */
export function mostSensitiveClass(catalog: ModelCatalog): DataClass | null {
  return catalog.registry.data_classes.at(-1) ?? null;
}

/** Models that retire from `from` to `until` (YYYY-MM-DD, both included), by date. */
export function modelsRetiringBetween(catalog: ModelCatalog, from: string, until: string): Model[] {
  const models = catalog.retiringByDate;
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
