import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type FakeSlack, startFakeSlack } from "../support/fake-slack.ts";
import { SlackRequester, TEST_SIGNING_SECRET } from "../support/slack-requests.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Packages that belong to building and testing; none may reach a production install. */
const DEV_ONLY = /^(tsx|esbuild|typescript|@esbuild\/.*|@typescript\/.*|@biomejs\/.*)$/;
/** Everything an installed aigov package may hold: the compiled JavaScript and the documents it ships. */
const SHIPPED_FILE =
  /^(bin\/[^/]+\.js|dist\/(src|migrations)\/.+\.js|package\.json|README\.md|manifest\.yml|registry\.example\.yml)$/;

const npmMissing = spawnSync("npm", ["--version"]).error ? "npm is not on the PATH" : false;

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped: the global ARGs, then each stage. */
function parseDockerfile(text: string): { globals: Instruction[]; stages: Instruction[][] } {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const globals: Instruction[] = [];
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = line.match(/^(\S+)\s*(.*)$/) ?? [];
    if (keyword.toUpperCase() === "FROM") stages.push([]);
    (stages.at(-1) ?? globals).push({ keyword: keyword.toUpperCase(), args });
  }
  return { globals, stages };
}

function argsOf(stage: Instruction[], keyword: string): string[] {
  return stage.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** `KEY=value KEY2=value2`, as ENV and ARG write them (no quoting used in our Dockerfile). */
function pairs(args: string[]): Map<string, string> {
  return new Map(
    args
      .flatMap((line) => line.split(/\s+/))
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

async function readDockerfile() {
  const { globals, stages } = parseDockerfile(await readFile(join(REPO, "Dockerfile"), "utf8"));
  const args = pairs(argsOf(globals, "ARG"));
  const image = (from: string) =>
    from.split(/\s+/)[0]?.replace(/^\$\{(\w+)\}$/, (_, name) => args.get(name) ?? "") ?? "";
  const runtime = stages.at(-1) ?? [];
  const exec = (keyword: string) => {
    const line = argsOf(runtime, keyword).at(-1) ?? "";
    return JSON.parse(line.slice(line.indexOf("["))) as string[];
  };
  return { stages, runtime, image, exec };
}

describe("the Dockerfile", () => {
  it("builds with the dev dependencies in one stage and runs on Node 24 with only the runtime ones in the last", async () => {
    const { stages, runtime, image } = await readDockerfile();
    assert.ok(stages.length >= 2, "multi-stage");
    const build = stages[0] ?? [];
    const buildRuns = argsOf(build, "RUN").join("\n");
    assert.match(buildRuns, /npm ci(?![^\n]*--omit=dev)/, "the build stage installs the dev dependencies");
    assert.match(buildRuns, /npm pack/, "the build stage packs the package, building dist/ through prepare");
    assert.match(
      argsOf(stages.flat(), "RUN").join("\n"),
      /npm ci --omit=dev --ignore-scripts/,
      "the runtime tree has no dev dependencies, and no prepare needing the compiler",
    );
    assert.match(image(argsOf(runtime, "FROM")[0] ?? ""), /^node:24[-.]/);
    assert.ok(
      argsOf(runtime, "COPY").some((args) => args.startsWith("--from=")),
      "the last stage copies the installed app out of the build",
    );
  });

  it("runs as a non-root user, keeps its database on the /data volume and listens on 3000", async () => {
    const { runtime } = await readDockerfile();
    const user = argsOf(runtime, "USER").at(-1);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `USER ${user}`);
    assert.ok(argsOf(runtime, "VOLUME").some((args) => args.includes("/data")));
    assert.equal(pairs(argsOf(runtime, "ENV")).get("DATABASE_URL"), "/data/aigov.sqlite");
    assert.deepEqual(argsOf(runtime, "EXPOSE"), ["3000"]);
  });

  it("starts the compiled CLI with node as PID 1 and probes /livez with node itself", async () => {
    const { runtime, exec } = await readDockerfile();
    assert.deepEqual(exec("CMD"), ["node", "dist/src/cli/run.js", "start"]);
    assert.match(argsOf(runtime, "HEALTHCHECK")[0] ?? "", /^(--\S+\s+)*CMD \[/, "the exec form, with no shell");
    const probe = exec("HEALTHCHECK");
    assert.equal(probe[0], "node");
    assert.match(probe.join(" "), /\/livez/);
  });
});

describe("the systemd unit", () => {
  const unitPath = join(REPO, "deploy/aigov.service");

  it("runs the compiled CLI as its own user, with the state directory, env file, stop timeout and hardening", async () => {
    const settings = new Map<string, string[]>();
    for (const line of (await readFile(unitPath, "utf8")).split("\n")) {
      const match = line.match(/^(\w+)=(.*)$/);
      if (match) settings.set(match[1] as string, [...(settings.get(match[1] as string) ?? []), match[2] as string]);
    }
    const one = (key: string) => settings.get(key)?.at(-1);
    assert.equal(one("ExecStart"), "/usr/bin/node /opt/aigov/dist/src/cli/run.js start");
    assert.ok(one("User") && one("User") !== "root");
    assert.equal(one("EnvironmentFile"), "/etc/aigov/aigov.env");
    assert.equal(one("StateDirectory"), "aigov");
    assert.ok(settings.get("Environment")?.includes("DATABASE_URL=/var/lib/aigov/aigov.sqlite"));
    assert.equal(one("Restart"), "on-failure");
    assert.equal(one("KillSignal"), "SIGTERM");
    assert.equal(one("TimeoutStopSec"), "30");
    const hardening = { NoNewPrivileges: "yes", ProtectSystem: "strict", ProtectHome: "yes", PrivateTmp: "yes" };
    for (const [key, value] of Object.entries(hardening)) assert.equal(one(key), value, key);
  });

  const analyze = spawnSync("systemd-analyze", ["--version"]);
  it("passes systemd-analyze verify with no warnings", {
    skip: analyze.error ? "systemd-analyze is not installed" : false,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "aigov-unit-"));
    try {
      // verify insists that the ExecStart binary exists; node need not be at /usr/bin here.
      const unit = (await readFile(unitPath, "utf8")).replace(
        "ExecStart=/usr/bin/node ",
        `ExecStart=${process.execPath} `,
      );
      writeFileSync(join(dir, "aigov.service"), unit);
      const result = spawnSync("systemd-analyze", ["verify", join(dir, "aigov.service")], { encoding: "utf8" });
      // Unknown keys and bad values are only warnings (exit 0), so they are read from stderr.
      const problems = result.stderr.split("\n").filter((line) => line.includes("aigov.service"));
      assert.deepEqual(problems, []);
      assert.equal(result.status, 0, result.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Finished> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return finished(child);
}

function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function succeed(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, { cwd });
  assert.equal(result.code, 0, `${command} ${args.join(" ")} in ${cwd} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Every package folder in a node_modules tree, nested ones included, as `name` or `@scope/name`. */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .flatMap((entry) =>
      entry.name.startsWith("@")
        ? readdirSync(join(nodeModules, entry.name)).map((name) => `${entry.name}/${name}`)
        : [entry.name],
    )
    .flatMap((name) => [name, ...installedPackages(join(nodeModules, name, "node_modules"))]);
}

/** The package's own files, relative to its folder, without its dependencies. */
function ownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith("node_modules/"));
}

/** Resolves with the first stderr text matching `pattern`; rejects if the process ends first. */
function waitForLog(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => done(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) done(null, match);
    };
    const onClose = (code: number | null) =>
      done(new Error(`aigov exited (${code}) before logging ${pattern}:\n${seen}`));
    const done = (error: Error | null, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      child.off("close", onClose);
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    };
    child.stderr?.on("data", onData);
    child.on("close", onClose);
  });
}

/**
 * Asks until the endpoint answers 200: readiness may follow the listening socket by a moment. Gives up at
 * once, with the bot's log, if the bot exits meanwhile.
 */
async function waitForOk(url: string, timeoutMs: number, bot: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === 200) return;
    const answer = response ? `${response.status} ${await response.text()}` : "nothing";
    if (bot.exitCode !== null || bot.signalCode !== null) {
      throw new Error(`aigov exited (${bot.exitCode ?? bot.signalCode}) while ${url} answered ${answer}:\n${log()}`);
    }
    if (Date.now() > deadline) throw new Error(`${url} answered ${answer}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a production install from the packed package", { skip: npmMissing }, () => {
  let dir: string;
  /** The Docker image's /app: the tarball unpacked, with its locked runtime dependencies. */
  let app: string;
  /** A folder where someone ran `npm install --omit=dev aigov-x.y.z.tgz`. */
  let consumer: string;
  let fake: FakeSlack;

  before(
    async () => {
      dir = mkdtempSync(join(tmpdir(), "aigov-install-"));
      fake = await startFakeSlack();
      // The Docker build context: only what .dockerignore lets through.
      const context = join(dir, "context");
      const ignore = (await readFile(join(REPO, ".dockerignore"), "utf8"))
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
      assert.equal(ignore[0], "*", ".dockerignore is an allow-list");
      for (const entry of ignore.slice(1)) {
        assert.match(entry, /^![\w.-]+$/, "allow-list entries are plain top-level names");
        cpSync(join(REPO, entry.slice(1)), join(context, entry.slice(1)), { recursive: true });
      }
      // The Dockerfile's `npm ci` with dev dependencies, without downloading them again.
      symlinkSync(join(REPO, "node_modules"), join(context, "node_modules"));
      const [packed] = JSON.parse(await succeed("npm", ["pack", "--json", "--pack-destination", dir], context)) as {
        filename: string;
      }[];
      const tarball = join(dir, packed?.filename ?? "");

      app = join(dir, "app");
      mkdirSync(app);
      await succeed("tar", ["xzf", tarball, "-C", app, "--strip-components=1"], dir);
      copyFileSync(join(context, "package-lock.json"), join(app, "package-lock.json"));
      consumer = join(dir, "consumer");
      mkdirSync(consumer);
      // Its own package.json, so npm does not look for a project in the folders above.
      writeFileSync(join(consumer, "package.json"), '{ "private": true }\n');
      const quiet = ["--prefer-offline", "--no-audit", "--no-fund"];
      await Promise.all([
        succeed("npm", ["ci", "--omit=dev", "--ignore-scripts", ...quiet], app),
        succeed("npm", ["install", "--omit=dev", ...quiet, tarball], consumer),
      ]);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("holds no build or test tooling, and of aigov only the compiled JavaScript and its documents", () => {
    for (const nodeModules of [join(app, "node_modules"), join(consumer, "node_modules")]) {
      const packages = installedPackages(nodeModules);
      assert.ok(packages.includes("better-sqlite3"), "the runtime dependencies are there");
      assert.deepEqual(
        packages.filter((name) => DEV_ONLY.test(name)),
        [],
      );
    }
    const appFiles = ownFiles(app).filter((path) => path !== "package-lock.json");
    assert.ok(appFiles.includes("dist/src/cli/run.js"));
    assert.deepEqual(
      appFiles.filter((path) => !SHIPPED_FILE.test(path)),
      [],
    );
    assert.deepEqual(ownFiles(join(consumer, "node_modules/aigov")).sort(), appFiles.sort());
  });

  it("runs the installed aigov bin: --help and migrate", async () => {
    const bin = join(consumer, "node_modules/.bin/aigov");
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...testDatabaseEnv(dir, "migrated.sqlite") };
    const [help, migrate] = await Promise.all([
      run(bin, ["--help"], { cwd: consumer, env }),
      run(bin, ["migrate"], { cwd: consumer, env }),
    ]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage:/m);
    assert.match(help.stdout, /aigov start/);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /is up to date/);
    assert.match(migrate.stderr, /applied migrations/);
  });

  it("starts with the image's command, answers Slack, is ready and live, and exits cleanly on SIGTERM", async () => {
    const { exec } = await readDockerfile();
    const [, ...command] = exec("CMD");
    const bot = spawn(process.execPath, command, {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        ...testDatabaseEnv(dir, "bot.sqlite"),
        REGISTRY_PATH: join(app, "registry.example.yml"),
        PORT: "0",
        FEEDS_POLL_MINUTES: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = finished(bot);
    let log = "";
    bot.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    try {
      const [, port] = await waitForLog(bot, /aigov listening on port (\d+)/, 20_000);
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitForOk(`${baseUrl}/readyz`, 10_000, bot, () => log);

      const slack = new SlackRequester(`${baseUrl}/slack/events`, fake);
      const sent = await slack.slashCommand("ask is gpt-5 approved?");
      assert.equal(sent.status, 200);
      const { body } = await fake.waitForResponse(() => true, 10_000);
      assert.match(body.text, /GPT-5/);

      const [, ...probe] = exec("HEALTHCHECK");
      const probeEnv = { PATH: process.env.PATH, PORT: String(port) };
      const healthy = await run(process.execPath, probe, { cwd: app, env: probeEnv });
      assert.equal(healthy.code, 0, `the HEALTHCHECK failed against a running bot: ${healthy.stderr}`);

      bot.kill("SIGTERM");
      const result = await exited;
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /shutting down/);
      assert.doesNotMatch(result.stderr, /"level":"error"/);

      const stopped = await run(process.execPath, probe, { cwd: app, env: probeEnv });
      assert.notEqual(stopped.code, 0, "the HEALTHCHECK fails once the bot is gone");
    } finally {
      if (bot.exitCode === null && bot.signalCode === null) bot.kill("SIGKILL");
      await exited;
    }
  });
});
