import { z } from "zod";
import { HOSTING_KINDS, MODEL_STATUSES, type Registry } from "./registry.ts";

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as "U0123ABCD"');
const slackChannelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as "C0123ABCD"');
const entityId = z
  .string()
  .min(1)
  // Slack option values hold at most 150 characters, and ids travel in them.
  .max(150)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, "an id of letters, digits and . _ : / @ + -");
const text = z.string().trim().min(1, "must not be empty");

/** YAML 1.1 parsers turn bare dates into Date objects; accept both forms. */
const isoDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.iso.date("a date as YYYY-MM-DD"),
);
const httpUrl = z.url({ protocol: /^https?$/, error: "an http(s) URL" });

const aliases = z.array(text).default([]);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

const dataClassSchema = z.strictObject({
  id: entityId,
  name: nullable(text),
  aliases,
});

const vendorSchema = z.strictObject({
  id: entityId,
  name: text,
  status_page: nullable(httpUrl),
  owner: nullable(slackUserId),
  models_url: nullable(httpUrl),
  models_api_key_env: nullable(
    z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name such as OPENAI_API_KEY"),
  ),
  litellm_url: nullable(httpUrl),
  litellm_provider: nullable(text),
});

const modelSchema = z.strictObject({
  id: entityId,
  name: text,
  vendor: entityId,
  aliases,
  status: z.enum(MODEL_STATUSES),
  max_data_class: entityId,
  use_cases: nullable(z.array(entityId)),
  conditions: nullable(text),
  hosting: z.enum(HOSTING_KINDS).default("vendor_api"),
  open_weights: z.boolean().default(false),
  retires_on: nullable(isoDate),
  alternatives: z.array(entityId).default([]),
  policy_url: nullable(httpUrl),
  reviewed_on: nullable(isoDate),
});

const systemSchema = z.strictObject({
  id: entityId,
  name: text,
  owner: nullable(slackUserId),
  channel: nullable(slackChannelId),
  data_class: entityId,
  models: z.array(entityId).min(1, "a system depends on at least one model"),
});

/** The shape of a registry file. Cross-references are checked separately. */
export const registryFileSchema = z.strictObject({
  version: z.literal(1, "1 (the only registry format version so far)"),
  governance: z
    .strictObject({
      leads: z.array(slackUserId).default([]),
      notice_channel: nullable(slackChannelId),
    })
    .default({ leads: [], notice_channel: null }),
  data_classes: z.array(dataClassSchema).min(1, "at least one data class"),
  use_cases: z.array(dataClassSchema).default([]),
  vendors: z.array(vendorSchema).default([]),
  models: z.array(modelSchema).default([]),
  systems: z.array(systemSchema).default([]),
}) satisfies z.ZodType<Registry, unknown>;

/** One entry of LiteLLM's public model catalog; only the fields a draft uses. */
export const litellmEntrySchema = z.looseObject({
  litellm_provider: z.string().min(1).optional(),
  mode: z.string().optional(),
  deprecation_date: z.string().nullish(),
});

export const litellmCatalogSchema = z.record(z.string(), z.unknown());
