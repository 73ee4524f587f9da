import type { LogLevel } from "./config.ts";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Slack tokens and common API-key shapes, caught even when nobody registered them. */
const TOKEN_PATTERN = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,})/g;

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
  write?: (line: string) => void;
  name?: string;
}

/**
 * One JSON line per entry on stderr. It also serves as Bolt's logger, so the
 * redaction covers what Bolt and the Web API client log too.
 */
export function createLogger(options: LoggerOptions): Logger {
  let level: LogLevel = options.level;
  let name = options.name ?? "aigov";
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 6);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));

  const redact = (text: string): string => {
    let result = text.replace(TOKEN_PATTERN, "[redacted]");
    for (const secret of secrets) result = result.split(secret).join("[redacted]");
    return result;
  };

  const log = (entryLevel: LogLevel, messages: unknown[]) => {
    if (LEVEL_RANK[entryLevel] < LEVEL_RANK[level]) return;
    const text = messages.map(describe).join(" ");
    write(redact(JSON.stringify({ time: new Date().toISOString(), level: entryLevel, name, msg: text })));
  };

  return {
    debug: (...m) => log("debug", m),
    info: (...m) => log("info", m),
    warn: (...m) => log("warn", m),
    error: (...m) => log("error", m),
    setLevel: (next) => {
      if (next in LEVEL_RANK) level = next as LogLevel;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}

function describe(message: unknown): string {
  if (typeof message === "string") return message;
  if (message instanceof Error)
    return `${message.name}: ${message.message}${message.stack ? `\n${message.stack}` : ""}`;
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}
