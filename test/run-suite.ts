/**
 * Runs the test files in groups, each group's files in one process
 * (--test-isolation=none) instead of one process per file: loading the app's
 * modules once per group rather than once per file saves most of the suite's
 * CPU, and several groups at once keep the cores busy while some tests wait
 * on timers, sockets and child processes.
 * Usage: node test/run-suite.ts [files...] (all of test/ by default).
 * Exits non-zero when any process reports a failure.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(ROOT, path)] : [];
  });
}

/** Files that start real processes spend most of their time waiting on them: each gets a group of its own, started first. */
const STARTS_PROCESSES = /\bspawn(Sync)?\(|\bspawnAigov\(|\brunAigov\(|bot-process\.ts/;
/** Other files go in groups of about this many, so no group holds the run up for long. */
const FILES_PER_GROUP = 8;

/**
 * Groups the files: those that start processes alone, the rest spread by size
 * (a stand-in for running time) over groups of about FILES_PER_GROUP, largest
 * first onto the lightest group.
 */
function groupFiles(files: string[]): string[][] {
  const alone = files.filter((file) => STARTS_PROCESSES.test(readFileSync(join(ROOT, file), "utf8")));
  const rest = files.filter((file) => !alone.includes(file));
  const groups = Array.from({ length: Math.ceil(rest.length / FILES_PER_GROUP) }, () => ({
    files: [] as string[],
    weight: 0,
  }));
  const sized = rest.map((file) => ({ file, size: statSync(join(ROOT, file)).size }));
  for (const { file, size } of sized.sort((a, b) => b.size - a.size)) {
    const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(file);
    lightest.weight += size;
  }
  return [...alone.map((file) => [file]), ...groups.map((group) => group.files.sort())];
}

/** Node 22 knows the option only by its experimental name, which Node 24 still accepts. */
const ISOLATION_NONE =
  Number(process.versions.node.split(".")[0]) >= 23 ? "--test-isolation=none" : "--experimental-test-isolation=none";

interface GroupResult {
  code: number | null;
  output: string;
  counts: Map<string, number>;
}

function runGroup(files: string[]): Promise<GroupResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--test", ISOLATION_NONE, "--test-reporter=spec", ...files], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => {
      const counts = new Map<string, number>();
      for (const [, name = "", value = "0"] of output.matchAll(/^ℹ (\w+) (\d+)/gm)) counts.set(name, Number(value));
      resolve({ code, output, counts });
    });
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2) : testFiles(join(ROOT, "test")).sort();
const groups = groupFiles(files);
// Twice the cores: while one group waits on a timer or a child process, another computes.
const atOnce = Math.max(2, availableParallelism() * 2);
const results: GroupResult[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < groups.length) {
    const index = next++;
    const group = groups[index] as string[];
    const result = await runGroup(group);
    results[index] = result;
    process.stdout.write(`\n=== test group ${index + 1} of ${groups.length}: ${group.join(" ")}\n${result.output}`);
  }
}
await Promise.all(Array.from({ length: Math.min(atOnce, groups.length) }, worker));
const total = (name: string) => results.reduce((sum, result) => sum + (result.counts.get(name) ?? 0), 0);
const failedGroups = results.flatMap((result, index) => (result.code === 0 ? [] : [index + 1]));
process.stdout.write(
  `\n# all groups: tests ${total("tests")}, pass ${total("pass")}, fail ${total("fail")}, cancelled ${total(
    "cancelled",
  )}, skipped ${total("skipped")}${failedGroups.length > 0 ? `; failing groups: ${failedGroups.join(", ")}` : ""}\n`,
);
process.exitCode = failedGroups.length > 0 ? 1 : 0;
