import type { ModelCatalog } from "./model-catalog.ts";
import { allowsDataClass, allowsUseCase, effectiveStatus, summarizeModel, USABLE } from "./model-status.ts";
import type { EffectiveStatus, Model, ModelSummary, StatusContext } from "./registry.ts";

/** Enough to choose from, short enough to read in Slack. */
export const MAX_ALTERNATIVES = 5;
const APPROVED_ONLY: ReadonlySet<EffectiveStatus> = new Set(["approved"]);

/**
 * The model's own alternatives in order, kept when usable with the data
 * class; then other approved models that fit it (and the use case).
 */
export function approvedAlternatives(
  catalog: ModelCatalog,
  context: StatusContext,
  model: Model,
  dataClassId: string = model.max_data_class,
  useCaseId?: string,
): ModelSummary[] {
  const usable = (candidate: Model, statuses: ReadonlySet<EffectiveStatus>) =>
    candidate.id !== model.id &&
    statuses.has(effectiveStatus(candidate, context)) &&
    allowsDataClass(catalog, candidate, dataClassId) &&
    (useCaseId === undefined || allowsUseCase(candidate, useCaseId));
  const chosen: Model[] = [];
  for (const id of model.alternatives) {
    const candidate = catalog.modelsById.get(id);
    if (candidate && usable(candidate, USABLE)) chosen.push(candidate);
  }
  const sharedUse = (candidate: Model) =>
    useCaseId !== undefined ||
    model.use_cases === null ||
    model.use_cases.some((id) => candidate.use_cases === null || candidate.use_cases.includes(id));
  for (const candidate of catalog.registry.models) {
    if (chosen.length >= MAX_ALTERNATIVES) break;
    if (chosen.includes(candidate) || !usable(candidate, APPROVED_ONLY) || !sharedUse(candidate)) continue;
    chosen.push(candidate);
  }
  return chosen.map((candidate) => summarizeModel(catalog, context, candidate));
}

/**
 * Approved alternatives to any of `modelIds` for `dataClassId`, best first,
 * without `exclude` or the models themselves: what a system that uses them
 * could fall back on.
 */
export function alternativesAmong(
  catalog: ModelCatalog,
  context: StatusContext,
  modelIds: readonly string[],
  dataClassId: string,
  exclude: readonly string[],
): ModelSummary[] {
  const excluded = new Set([...exclude, ...modelIds]);
  const found: ModelSummary[] = [];
  for (const id of modelIds) {
    const model = catalog.modelsById.get(id);
    if (!model) continue;
    for (const alternative of approvedAlternatives(catalog, context, model, dataClassId)) {
      if (excluded.has(alternative.id) || found.some((f) => f.id === alternative.id)) continue;
      found.push(alternative);
    }
  }
  return found.slice(0, MAX_ALTERNATIVES);
}
