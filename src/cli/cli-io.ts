import { once } from "node:events";
import type { Environment } from "../config.ts";

/** Where a CLI command writes; tests may pass their own. */
export interface CliIo {
  out(text: string): void;
  /**
   * Resolves once what `out` wrote has been taken by a slow reader (a pipe), so long outputs stay in bounded memory,
   * and after a turn of the event loop in any case: V8 finishes its incremental garbage collection in tasks that run
   * only there, and an export that never gives a turn up let garbage pile up (452 MB rather than 243 MB for a million incidents).
   */
  drain?(): Promise<void>;
  err(text: string): void;
  readStdin(): AsyncIterable<string>;
}

/** What `out` and `err` print for `text`: one line, ended. */
export const asLine = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

export const processIo: CliIo = {
  out: (text) => process.stdout.write(asLine(text)),
  drain: () =>
    process.stdout.writableNeedDrain
      ? once(process.stdout, "drain").then(() => {})
      : new Promise((resolve) => setImmediate(resolve)),
  err: (text) => process.stderr.write(asLine(text)),
  readStdin: () => readLines(process.stdin),
};

/** The stream's lines as `aigov` reads its stdin: without line ends, CRLF or LF. */
export async function* readLines(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  const { createInterface } = await import("node:readline");
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

export interface CliCommand {
  /** Words that select it, e.g. ["registry", "import"]. */
  path: string[];
  usage: string;
  summary: string;
  /** `env` is where settings come from (the process's in `aigov`, a test's own in process). */
  run(args: string[], io: CliIo, env: Environment): Promise<number>;
}
