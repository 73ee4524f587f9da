import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";
import { AppError } from "./errors.ts";

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const PORT_EXPECTED = "a port number from 0 to 65535";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const proxyUrl = optionalText.pipe(
  z.url({ protocol: /^https?$/, error: "a proxy URL such as http://proxy.internal:3128" }).optional(),
);

const configSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xoxb-/, "a bot token starting with xoxb-")
      .optional(),
  ),
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^xapp-/, "an app-level token starting with xapp-")
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  PORT: optionalText
    .transform((value) => value ?? "3000")
    .pipe(z.string().regex(/^\d{1,5}$/, PORT_EXPECTED))
    .transform(Number)
    .pipe(z.number().max(65535, PORT_EXPECTED)),
  SLACK_API_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: "an http(s) URL such as https://slack.com/api/" }).optional(),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .default("./data/aigov.sqlite")
      .superRefine((value, context) => {
        // Otherwise mysql://… would quietly become a SQLite file in a folder named "mysql:".
        const scheme = urlScheme(value);
        if (scheme && !["sqlite", "file", ...POSTGRES_SCHEMES].includes(scheme)) {
          context.addIssue({
            code: "custom",
            message: `a SQLite file path such as ./data/aigov.sqlite, a sqlite: URL or a postgres:// URL (${scheme}: is not supported)`,
          });
        }
      }),
  ),
  DATABASE_SCHEMA: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a PostgreSQL schema name of lowercase letters, digits and _")
      .optional(),
  ),
  DATABASE_POOL_SIZE: optionalText
    .transform((value) => value ?? "10")
    .pipe(z.string().regex(/^[1-9]\d*$/, "a whole number of connections such as 10"))
    .transform(Number),
  DATABASE_STATEMENT_TIMEOUT_MS: optionalText
    .transform((value) => value ?? "60000")
    .pipe(z.string().regex(/^\d+$/, "a number of milliseconds such as 60000 (0 turns the limit off)"))
    .transform(Number),
  DATABASE_SSL: optionalText.pipe(
    z
      .enum(["disable", "require", "verify-full"], {
        error: "disable, require (encrypted, server not verified) or verify-full",
      })
      .optional(),
  ),
  DATABASE_SSL_CA: optionalText,
  REGISTRY_PATH: optionalText,
  INCIDENT_REACTION: optionalText.pipe(
    z
      .string()
      .regex(/^:?[a-z0-9_+'-]+:?$/, "an emoji name such as rotating_light")
      .transform((name) => name.replace(/:/g, ""))
      .default("rotating_light"),
  ),
  NOTICE_AUTO_POST: optionalText.pipe(
    z
      .enum(["off", "sev1"], { error: "off, or sev1 to post sev1 suspension notices without waiting for a lead" })
      .default("off"),
  ),
  NOTICE_REMINDER_HOURS: optionalText
    .transform((value) => value ?? "24")
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, "a number of hours such as 24"))
    .transform(Number),
  NOTICE_MAX_PER_MINUTE: optionalText
    .transform((value) => value ?? "300")
    .pipe(z.string().regex(/^[1-9]\d*$/, "a whole number of messages per minute such as 300"))
    .transform(Number),
  NOTICE_LEASE_SECONDS: optionalText
    .transform((value) => value ?? "30")
    .pipe(z.string().regex(/^[1-9]\d*$/, "a whole number of seconds such as 30"))
    .transform(Number),
  FEEDS_POLL_MINUTES: optionalText
    .transform((value) => value ?? "5")
    .pipe(z.string().regex(/^\d+(\.\d+)?$/, "a number of minutes such as 5 (0 turns polling off)"))
    .transform(Number),
  RETENTION_DAYS: optionalText
    .transform((value) => value ?? "180")
    .pipe(z.string().regex(/^[1-9]\d*$/, "a whole number of days such as 180"))
    .transform(Number),
  LLM_BASE_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: "an http(s) URL such as http://localhost:11434/v1" }).optional(),
  ),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_REGISTRY_MODEL: optionalText,
  LLM_PROVIDERS: optionalText,
  LLM_TIMEOUT_MS: optionalText
    .transform((value) => value ?? "8000")
    .pipe(z.string().regex(/^[1-9]\d*$/, "a number of milliseconds such as 8000"))
    .transform(Number),
  LLM_COOLDOWN_SECONDS: optionalText
    .transform((value) => value ?? "120")
    .pipe(z.string().regex(/^\d+$/, "a number of seconds such as 120"))
    .transform(Number),
  HTTPS_PROXY: proxyUrl,
  https_proxy: proxyUrl,
  HTTP_PROXY: proxyUrl,
  http_proxy: proxyUrl,
  NO_PROXY: optionalText,
  no_proxy: optionalText,
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(", ")}` }).default("info")),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES_SCHEMES = ["postgres", "postgresql"];

/** The embedded SQLite file (the default), or a PostgreSQL server that several replicas can share. */
export type DatabaseSettings =
  | { kind: "sqlite"; path: string }
  | {
      kind: "postgres";
      /** Holds the password, if any: log `redactedUrl` instead. */
      url: string;
      redactedUrl: string;
      /** The schema every table lives in; null for the server's search_path (usually `public`). */
      schema: string | null;
      poolSize: number;
      /** 0: no limit. */
      statementTimeoutMs: number;
      /** null: as the URL's sslmode says (none when absent). */
      ssl: { mode: "disable" | "require" | "verify-full"; caFile: string | null } | null;
    };

export interface Config {
  slack: {
    botToken: string | null;
    appToken: string | null;
    signingSecret: string | null;
    apiUrl: string | null;
  };
  port: number;
  database: DatabaseSettings;
  registryPath: string | null;
  /** Reacting with this emoji offers to log the message as an incident. */
  incidentReaction: string;
  notices: {
    autoPost: "off" | "sev1";
    reminderAfterMs: number;
    maxPerMinute: number;
    /** After this long, a delivery whose sender vanished mid-send is reconciled. */
    leaseMs: number;
  };
  llm: {
    /** In order of preference; empty means deterministic answers only (the default). */
    providers: LlmProviderConfig[];
    timeoutMs: number;
    cooldownMs: number;
  };
  /** How often the bot polls vendors' status pages and model lists; 0 turns it off. */
  feedsPollMs: number;
  /** What the nightly prune deletes; incidents, their timelines and the audit log are kept. */
  retention: { qaLogDays: number };
  /** The proxy every outbound call goes through (Slack, feeds, LLM providers); null values mean direct. */
  proxy: {
    httpProxy: string | null;
    /** For https targets; the HTTP proxy when only that is set, as curl does. */
    httpsProxy: string | null;
    /** Comma-separated hosts (and subdomains), optionally with :port, reached directly; `*` for all. */
    noProxy: string | null;
  };
  logLevel: LogLevel;
}

export type Environment = Record<string, string | undefined>;

/** The environment each `loadConfig` was given, for `lookupSecret`: kept out of the Config so no secret is copied into it. */
const environmentOf = new WeakMap<Config, Environment>();

/**
 * Reads every setting once, from the given environment only (the process's
 * comes from `readProcessEnvironment`). The result is deeply frozen.
 */
export function loadConfig(env: Environment): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      // A token in the wrong variable is still a token, and a proxy or database URL may hold a password: never echo secrets.
      const secret = /TOKEN|SECRET|KEY|PROXY|DATABASE_URL/i.test(variable);
      const got = secret
        ? `a value of ${(env[variable] ?? "").length} characters`
        : JSON.stringify(env[variable] ?? "");
      return `${variable}: expected ${issue.message} (got ${got})`;
    });
    throw new AppError("config_invalid", `Invalid settings:\n  ${problems.join("\n  ")}`);
  }
  const values = parsed.data;
  const config = deepFreeze<Config>({
    slack: {
      botToken: values.SLACK_BOT_TOKEN ?? null,
      appToken: values.SLACK_APP_TOKEN ?? null,
      signingSecret: values.SLACK_SIGNING_SECRET ?? null,
      apiUrl: values.SLACK_API_URL ? withTrailingSlash(values.SLACK_API_URL) : null,
    },
    port: values.PORT,
    database: databaseSettings(values),
    registryPath: values.REGISTRY_PATH ?? null,
    incidentReaction: values.INCIDENT_REACTION,
    notices: {
      autoPost: values.NOTICE_AUTO_POST,
      reminderAfterMs: values.NOTICE_REMINDER_HOURS * 3_600_000,
      maxPerMinute: values.NOTICE_MAX_PER_MINUTE,
      leaseMs: values.NOTICE_LEASE_SECONDS * 1000,
    },
    feedsPollMs: values.FEEDS_POLL_MINUTES * 60_000,
    retention: { qaLogDays: values.RETENTION_DAYS },
    proxy: proxySettings(values),
    llm: {
      providers: llmProviders(values, env),
      timeoutMs: values.LLM_TIMEOUT_MS,
      cooldownMs: values.LLM_COOLDOWN_SECONDS * 1000,
    },
    logLevel: values.LOG_LEVEL,
  });
  environmentOf.set(config, { ...env });
  return config;
}

function urlScheme(value: string): string | undefined {
  return /^([a-z][a-z0-9+.-]+):\/\//i.exec(value)?.[1]?.toLowerCase();
}

function databaseSettings(values: z.infer<typeof configSchema>): DatabaseSettings {
  const url = values.DATABASE_URL;
  if (!POSTGRES_SCHEMES.includes(urlScheme(url) ?? "")) {
    return { kind: "sqlite", path: url.replace(/^(sqlite|file):(\/\/)?/, "") };
  }
  const sslMode = values.DATABASE_SSL ?? (values.DATABASE_SSL_CA ? "verify-full" : null);
  if (sslMode && /[?&]sslmode=/.test(url)) {
    // pg lets the URL's sslmode win over the options: two answers to one question is a mistake to name.
    throw new AppError(
      "config_invalid",
      "Invalid settings:\n  DATABASE_SSL: set TLS either in DATABASE_URL (sslmode=…) or with DATABASE_SSL, not both",
    );
  }
  return {
    kind: "postgres",
    url,
    redactedUrl: redactDatabaseUrl(url),
    schema: values.DATABASE_SCHEMA ?? null,
    poolSize: values.DATABASE_POOL_SIZE,
    statementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
    ssl: sslMode ? { mode: sslMode, caFile: values.DATABASE_SSL_CA ?? null } : null,
  };
}

/** The URL with its password (if any) replaced, fit for logs and terminal output. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, "$1:***@");
}

/** What of the database settings the logs must never show: the URL and the password in it. */
export function databaseSecrets(settings: DatabaseSettings): string[] {
  if (settings.kind === "sqlite") return [];
  const password = URL.canParse(settings.url) ? decodeURIComponent(new URL(settings.url).password) : "";
  return password ? [settings.url, password] : [settings.url];
}

/** A line naming the database, for people: the SQLite path, or the PostgreSQL URL without its password. */
export function describeDatabase(settings: DatabaseSettings): string {
  if (settings.kind === "sqlite") return settings.path;
  return settings.schema ? `${settings.redactedUrl} (schema ${settings.schema})` : settings.redactedUrl;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Lowercase names win over uppercase ones, as in curl and undici. */
function proxySettings(values: z.infer<typeof configSchema>): Config["proxy"] {
  const httpProxy = values.http_proxy ?? values.HTTP_PROXY ?? null;
  return {
    httpProxy,
    httpsProxy: values.https_proxy ?? values.HTTPS_PROXY ?? httpProxy,
    noProxy: values.no_proxy ?? values.NO_PROXY ?? null,
  };
}

/**
 * The process's environment over the optional `.env` file in the working
 * folder: values already in the environment win, so a deployment can override
 * a developer's file. A copy: loading it changes nothing in `process.env`.
 */
export function readProcessEnvironment(): Environment {
  const file = existsSync(".env") ? parseEnv(readFileSync(".env", "utf8")) : {};
  return { ...file, ...process.env };
}

function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

export type SlackMode =
  | { kind: "socket"; botToken: string; appToken: string }
  | { kind: "http"; botToken: string; signingSecret: string };

/**
 * Socket Mode when an app-level token is set, HTTP otherwise. Throws with the
 * names of the missing variables so a newcomer knows exactly what to set.
 */
export function requireSlackMode(config: Config): SlackMode {
  const { botToken, appToken, signingSecret } = config.slack;
  const missing: string[] = [];
  if (!botToken) missing.push("SLACK_BOT_TOKEN");
  if (!appToken && !signingSecret) missing.push("SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)");
  if (missing.length > 0 || !botToken) {
    throw new AppError(
      "slack_credentials_missing",
      [
        `Cannot start the Slack bot: missing ${missing.join(" and ")}.`,
        "Create the Slack app from manifest.yml (https://api.slack.com/apps > Create New App > From a manifest),",
        "install it to your workspace, then set the tokens in the environment or in a .env file (see README.md).",
        "Everything else works offline without Slack: run `npx aigov --help`.",
      ].join("\n"),
    );
  }
  if (appToken) return { kind: "socket", botToken, appToken };
  return { kind: "http", botToken, signingSecret: signingSecret as string };
}

/**
 * A secret named in the registry (e.g. `models_api_key_env`), read when
 * needed from the environment the config was loaded from, so that it is never
 * copied into the database or the logs.
 */
export function lookupSecret(config: Config, name: string): string | null {
  const value = environmentOf.get(config)?.[name];
  return value && value.trim() !== "" ? value : null;
}

export interface LlmProviderConfig {
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string | null;
  /** The registry id of the model this provider serves, to apply the company's own policy to it. */
  registryModel: string | null;
}

const providerListSchema = z.array(
  z.strictObject({
    name: z.string().min(1),
    baseUrl: z.url({ protocol: /^https?$/ }),
    model: z.string().min(1),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    registryModel: z.string().min(1).optional(),
  }),
);

/** LLM_PROVIDERS (a JSON list) or the single LLM_BASE_URL / LLM_MODEL pair. */
function llmProviders(
  values: {
    LLM_BASE_URL?: string | undefined;
    LLM_MODEL?: string | undefined;
    LLM_API_KEY?: string | undefined;
    LLM_REGISTRY_MODEL?: string | undefined;
    LLM_PROVIDERS?: string | undefined;
  },
  env: Environment,
): LlmProviderConfig[] {
  if (values.LLM_PROVIDERS) {
    let list: unknown;
    try {
      list = JSON.parse(values.LLM_PROVIDERS);
    } catch {
      throw new AppError(
        "config_invalid",
        "Invalid settings:\n  LLM_PROVIDERS: expected a JSON list of {name, baseUrl, model, apiKeyEnv, registryModel}",
      );
    }
    const parsed = providerListSchema.safeParse(list);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        "config_invalid",
        `Invalid settings:\n  LLM_PROVIDERS: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    return parsed.data.map((p) => ({
      name: p.name,
      baseUrl: p.baseUrl,
      model: p.model,
      apiKey: p.apiKeyEnv ? (env[p.apiKeyEnv] ?? null) : null,
      registryModel: p.registryModel ?? null,
    }));
  }
  if (!values.LLM_BASE_URL && !values.LLM_MODEL) return [];
  if (!values.LLM_BASE_URL || !values.LLM_MODEL) {
    throw new AppError(
      "config_invalid",
      "Invalid settings:\n  LLM_BASE_URL and LLM_MODEL: set both, or neither for deterministic answers only",
    );
  }
  return [
    {
      name: "default",
      baseUrl: values.LLM_BASE_URL,
      model: values.LLM_MODEL,
      apiKey: values.LLM_API_KEY ?? null,
      registryModel: values.LLM_REGISTRY_MODEL ?? null,
    },
  ];
}
