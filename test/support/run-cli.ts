import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const AIGOV_BIN = fileURLToPath(new URL("../../bin/aigov.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `aigov` executable in a child process, with only the given
 * settings in its environment (no Slack tokens leak in from the machine).
 */
/** Starts `aigov` without waiting, so a test can kill it mid-way. */
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

export function runAigov(
  args: string[],
  options: { env?: Record<string, string>; cwd: string; stdin?: string },
): Promise<CliResult> {
  const { child, done } = spawnAigov(args, options, "pipe");
  child.stdin?.end(options.stdin ?? "");
  return done;
}
