import { z } from "zod";

/**
 * Atlassian Statuspage v2 `incidents.json`, read tolerantly: incident.io
 * pages answer the same path with some arrays missing and other words.
 */
const statusUpdateSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  body: z.string().nullish(),
  created_at: z.string().nullish(),
  display_at: z.string().nullish(),
});

export const statusIncidentSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  impact: z.string().nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  resolved_at: z.string().nullish(),
  shortlink: z.string().nullish(),
  incident_updates: z.array(statusUpdateSchema).nullish(),
});

export const statusPageSchema = z.looseObject({
  page: z.looseObject({ url: z.string().nullish(), name: z.string().nullish() }).nullish(),
  incidents: z.array(z.unknown()),
});

export type StatusIncident = z.infer<typeof statusIncidentSchema>;

/** An OpenAI-style `GET /v1/models` listing; `shutdown_date` is ISO or epoch seconds. */
export const modelListSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string().min(1),
      shutdown_date: z.union([z.string(), z.number()]).nullish(),
    }),
  ),
});

/** LiteLLM's model catalog: a map from model name to its facts. */
export const litellmCatalogEntriesSchema = z.record(
  z.string(),
  z.looseObject({ litellm_provider: z.string().optional(), deprecation_date: z.string().nullish() }).or(z.unknown()),
);
