import { z } from "zod";
import { INCIDENT_SOURCES, INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from "./incident.ts";

/** Spaces, and format characters such as zero-width spaces and joiners, which show nothing on their own. */
const INVISIBLE = /[\p{Cf}\p{Z}\s]/gu;

/** What a person or the CLI submits to create an incident; checked before anything is stored. */
export const newIncidentSchema = z.object({
  vendorId: z.string().min(1).nullable(),
  vendorName: z.string().trim().min(1).max(100).nullable(),
  models: z
    .array(z.string().min(1))
    .max(50)
    .transform((models) => [...new Set(models)]),
  type: z.enum(INCIDENT_TYPES, { error: `expected one of ${INCIDENT_TYPES.join(", ")}` }),
  severity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(", ")}` }),
  title: z
    .string()
    .trim()
    // First, so that a form shows this rather than a length problem.
    .refine(
      (title) => title.replace(INVISIBLE, "").length > 0,
      "must have visible text, not only blank or invisible characters",
    )
    .min(3, "at least 3 characters")
    .max(150, "at most 150 characters"),
  description: z.string().trim().max(3000, "at most 3,000 characters").nullable(),
  impact: z.string().trim().max(3000, "at most 3,000 characters").nullable(),
  startedAt: z.iso.datetime({ offset: true, error: "a date and time" }),
  reporter: z.string().min(1),
  source: z.enum(INCIDENT_SOURCES),
  sourceChannel: z.string().nullable(),
  sourceTs: z.string().nullable(),
  sourceUrl: z.string().nullable(),
});

export const incidentStatusSchema = z.enum(INCIDENT_STATUSES, {
  error: `expected one of ${INCIDENT_STATUSES.join(", ")}`,
});

/** An incident as stored: what was submitted, plus what the bot keeps about it. */
export const incidentSchema = newIncidentSchema.extend({
  id: z.number().int().positive(),
  /** The id people use, e.g. INC-0042. */
  key: z.string(),
  vendorName: z.string(),
  status: incidentStatusSchema,
  cardChannel: z.string().nullable(),
  cardTs: z.string().nullable(),
  cardUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

/** What a new incident is once checked: `vendorName` is only for a vendor not in the registry. */
export type NewIncident = z.output<typeof newIncidentSchema>;
export type Incident = z.output<typeof incidentSchema>;
export const severitySchema = z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(", ")}` });
export const noteSchema = z.string().trim().min(1, "must not be empty").max(3000, "at most 3,000 characters");

/** What the incident modal carries between opening and submission. */
export const incidentModalMetadataSchema = z.object({
  source: z.enum(["slack_message", "command"]),
  channel: z.string().nullable(),
  ts: z.string().nullable(),
  /** The thread the message was in, where its card goes. */
  threadTs: z.string().nullable().default(null),
  /**
   * For a message named by a shortcut payload, which the bot did not read itself: its author and a hash
   * of its text, checked against Slack before the card goes to the message's channel. Null otherwise.
   */
  author: z.string().nullable().default(null),
  textHash: z.string().nullable().default(null),
  /** Who the form was opened for: only they may change or submit it. */
  user: z.string(),
  /** The form's own id, random: its view's external_id is made from it. */
  form: z.string(),
});
