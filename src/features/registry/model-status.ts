import type { ModelCatalog } from "./model-catalog.ts";
import type { EffectiveStatus, Model, ModelSummary, StatusContext } from "./registry.ts";

/** The statuses under which a model may be used (a restricted one under its conditions). */
export const USABLE: ReadonlySet<EffectiveStatus> = new Set(["approved", "restricted"]);

/** The status context on `now`'s date (UTC), with the models open suspensions name. */
export function statusOn(now: Date, suspendedModelIds: ReadonlySet<string>): StatusContext {
  return { today: now.toISOString().slice(0, 10), suspendedModelIds };
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

export function allowsDataClass(catalog: ModelCatalog, model: Model, dataClassId: string): boolean {
  const allowed = catalog.dataClassRank.get(model.max_data_class) ?? -1;
  const wanted = catalog.dataClassRank.get(dataClassId) ?? Number.POSITIVE_INFINITY;
  return wanted <= allowed;
}

export function allowsUseCase(model: Model, useCaseId: string): boolean {
  return model.use_cases === null || model.use_cases.includes(useCaseId);
}

export function summarizeModel(catalog: ModelCatalog, context: StatusContext, model: Model): ModelSummary {
  return {
    id: model.id,
    name: model.name,
    status: effectiveStatus(model, context),
    vendor: catalog.vendorsById.get(model.vendor)?.name ?? model.vendor,
    hosting: model.hosting,
    open_weights: model.open_weights,
    max_data_class: model.max_data_class,
    retires_on: model.retires_on,
  };
}
