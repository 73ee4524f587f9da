import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { asLine, type CliIo, readLines } from "../../src/cli/cli-io.ts";
import { runCli } from "../../src/cli/main.ts";
import type { Environment } from "../../src/config.ts";

export const AIGOV_BIN = fileURLToPath(new URL("../../bin/aigov.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one `aigov` command in this process, as `bin/aigov.js` would, with only
 * the given settings (nothing from this process's environment or a `.env`
 * file) and stdout, stderr and log lines captured. There is no working folder
 * of its own: give absolute paths. Tests whose subject is the process itself
 * (signals, a kill, the bin file, exit codes) use `runAigov`.
 */
export async function runCliInProcess(
  args: string[],
  options: { env?: Environment; stdin?: string } = {},
): Promise<CliResult & { code: number }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    out: (text) => {
      stdout += asLine(text);
    },
    drain: () => new Promise((resolve) => setImmediate(resolve)),
    err: (text) => {
      stderr += asLine(text);
    },
    readStdin: () => readLines(Readable.from([options.stdin ?? ""])),
  };
  const code = await runCli(args, io, options.env ?? {});
  return { code, stdout, stderr };
}

/** Starts the real `aigov` executable without waiting, so a test can kill it mid-way; only the given settings in its environment. */
export function spawnAigov(
  args: string[],
  options: { env?: Record<string, string>; cwd: string },
  stdin: "ignore" | "pipe" = "ignore",
) {
  const child = spawn(process.execPath, [AIGOV_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    stdio: [stdin, "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }));
  });
  return { child, done };
}

/** Runs the real `aigov` executable in a child process to its end, with only the given settings in its environment (no Slack tokens leak in from the machine). */
export function runAigov(
  args: string[],
  options: { env?: Record<string, string>; cwd: string; stdin?: string },
): Promise<CliResult> {
  const { child, done } = spawnAigov(args, options, "pipe");
  child.stdin?.end(options.stdin ?? "");
  return done;
}
