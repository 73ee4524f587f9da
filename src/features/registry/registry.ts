/** The registry as the rest of the app sees it: plain, normalised data. */

export const MODEL_STATUSES = [
  "approved",
  "restricted",
  "under_review",
  "prohibited",
  "deprecated",
  "suspended",
] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const HOSTING_KINDS = ["vendor_api", "cloud_marketplace", "self_hosted"] as const;
export type Hosting = (typeof HOSTING_KINDS)[number];

export interface Governance {
  leads: string[];
  notice_channel: string | null;
}

export interface DataClass {
  id: string;
  name: string | null;
  aliases: string[];
}

export interface UseCase {
  id: string;
  name: string | null;
  aliases: string[];
}

export interface Vendor {
  id: string;
  name: string;
  status_page: string | null;
  owner: string | null;
  /** An OpenAI-style `GET /v1/models` listing that carries `shutdown_date`. */
  models_url: string | null;
  /** The environment variable holding the API key for `models_url`. */
  models_api_key_env: string | null;
  /** A copy of LiteLLM's model catalog, read for `deprecation_date`. */
  litellm_url: string | null;
  /** This vendor's `litellm_provider` in that catalog. */
  litellm_provider: string | null;
}

/** A vendor with only the required keys, the rest unset. */
export function plainVendor(id: string, name: string): Vendor {
  return {
    id,
    name,
    status_page: null,
    owner: null,
    models_url: null,
    models_api_key_env: null,
    litellm_url: null,
    litellm_provider: null,
  };
}

export interface Model {
  id: string;
  name: string;
  vendor: string;
  aliases: string[];
  status: ModelStatus;
  max_data_class: string;
  /** null means the model may be used for any use case. */
  use_cases: string[] | null;
  conditions: string | null;
  hosting: Hosting;
  open_weights: boolean;
  retires_on: string | null;
  alternatives: string[];
  policy_url: string | null;
  reviewed_on: string | null;
}

export interface System {
  id: string;
  name: string;
  owner: string | null;
  channel: string | null;
  data_class: string;
  models: string[];
}

export interface Registry {
  version: 1;
  governance: Governance;
  /** Ordered from least to most sensitive. */
  data_classes: DataClass[];
  use_cases: UseCase[];
  vendors: Vendor[];
  models: Model[];
  systems: System[];
}

/** A model's status today: the registry's, unless an open suspension or a past retirement date overrides it. */
export type EffectiveStatus = ModelStatus | "retired";

/** What can change a model's status without a registry import. */
export interface StatusContext {
  /** Today's date, YYYY-MM-DD, in UTC. */
  today: string;
  /** Models named by an open suspension incident. */
  suspendedModelIds: ReadonlySet<string>;
}

/** A model as people see it: its status today and its vendor's name. */
export interface ModelSummary {
  id: string;
  name: string;
  status: EffectiveStatus;
  vendor: string;
  hosting: Model["hosting"];
  open_weights: boolean;
  max_data_class: string;
  retires_on: string | null;
}
