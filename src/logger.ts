import { types } from "node:util";
import pino, { type DestinationStream } from "pino";
import type { LogLevel } from "./config.ts";
import { currentLogContext } from "./log-context.ts";

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(["debug", "info", "warn", "error"]);

/**
 * Slack tokens and common API-key shapes, caught even when nobody registered
 * them. It runs over the JSON text of a line, where a token may follow an
 * escape such as `\n` in a stack trace: those count as a boundary too.
 */
const TOKEN_PATTERN =
  /(?:(?<!\w)|(?<=\\[bfnrt])|(?<=\\u[0-9a-fA-F]{4}))(?:xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,})/g;

const REDACTED = "[redacted]";

export interface Logger {
  debug(...messages: unknown[]): void;
  info(...messages: unknown[]): void;
  warn(...messages: unknown[]): void;
  error(...messages: unknown[]): void;
  setLevel(level: string): void;
  getLevel(): string;
  setName(name: string): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Values that must never be written out, such as the configured tokens. */
  secrets?: readonly (string | null)[];
  /** Receives each line without its newline; stderr by default. */
  write?: (line: string) => void;
  name?: string;
}

/**
 * One JSON line per entry on stderr, written synchronously so that nothing
 * is lost when the process exits. Each line carries the context of the
 * request it was logged for (src/log-context.ts). It also serves as Bolt's
 * and the Web API client's logger, so their lines get the context and the
 * redaction too.
 */
export function createLogger(options: LoggerOptions): Logger {
  let name = options.name ?? "aigov";
  const write = options.write;
  const destination: DestinationStream = write
    ? { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) }
    : pino.destination({ dest: 2, sync: true });
  const writer = pino(
    {
      level: options.level,
      // No pid or hostname: the orchestrator that collects stderr knows both.
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ name, ...currentLogContext() }),
      // On the finished text, so a secret is caught wherever it sits: message, error, context or nested field.
      hooks: { streamWrite: redactor(options.secrets ?? []) },
    },
    destination,
  );

  const log = (level: LogLevel, messages: unknown[]) => {
    if (!writer.isLevelEnabled(level)) return;
    const error = messages.find(isError);
    const text = messages
      .filter((message) => message !== error)
      .map(describe)
      .join(" ");
    if (error) writer[level]({ err: error }, text || error.message);
    else writer[level](text);
  };

  return {
    debug: (...messages) => log("debug", messages),
    info: (...messages) => log("info", messages),
    warn: (...messages) => log("warn", messages),
    error: (...messages) => log("error", messages),
    setLevel: (next) => {
      if (LEVELS.has(next)) writer.level = next;
    },
    getLevel: () => writer.level,
    setName: (next) => {
      name = next;
    },
  };
}

/** Replaces token shapes and every configured secret, in the form JSON gives it inside a string. */
function redactor(secrets: readonly (string | null)[]): (line: string) => string {
  const inJson = secrets
    .filter((secret): secret is string => typeof secret === "string" && secret.length >= 6)
    .map((secret) => JSON.stringify(secret).slice(1, -1));
  return (line) => {
    let result = line.replace(TOKEN_PATTERN, REDACTED);
    for (const secret of inJson) result = result.split(secret).join(REDACTED);
    return result;
  };
}

/** Errors from other realms (vm, worker messages) fail instanceof, so both checks. */
function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

function describe(message: unknown): string {
  if (typeof message === "string") return message;
  // A second error in one call: the first one is the line's `err`.
  if (isError(message)) return `${message.name}: ${message.message}`;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}
