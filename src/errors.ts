/**
 * Every error the app raises on purpose carries a code, so the single error
 * handler can tell a user's mistake (shown as is) from a bug (shown as an id).
 */
export type ErrorCode =
  | "config_invalid"
  | "migration_failed"
  | "database_unavailable"
  | "database_busy"
  | "port_unavailable"
  | "slack_credentials_missing"
  | "slack_auth_failed"
  | "registry_invalid"
  | "registry_empty"
  | "registry_file_unreadable"
  | "usage"
  | "not_found"
  | "forbidden"
  | "invalid_input";

const USER_FACING: ReadonlySet<ErrorCode> = new Set([
  "usage",
  "not_found",
  "forbidden",
  "invalid_input",
  "registry_invalid",
  "registry_empty",
  "registry_file_unreadable",
]);

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, details: readonly string[] = []) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** Whether the message is meant for the person who caused it. */
  get isUserFacing(): boolean {
    return USER_FACING.has(this.code);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What to say about anything thrown: an Error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
