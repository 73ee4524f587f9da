import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { withCliDeps } from "../../src/cli/cli-deps.ts";
import type { CliIo } from "../../src/cli/cli-io.ts";
import type { Deps } from "../../src/deps.ts";
import { tempDir } from "../support/test-app.ts";
import { testDatabaseEnv } from "../support/test-database.ts";

describe("a command's dependencies", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = tempDir());
  });
  after(() => cleanup());

  const capturing = () => {
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (text) => err.push(text), readStdin: async function* () {} };
    return { io, err };
  };

  it("take their settings from the given environment and write log lines to the command's stderr", async () => {
    const { io, err } = capturing();
    const env = { ...testDatabaseEnv(dir, "given.sqlite"), LOG_LEVEL: "info" };
    const code = await withCliDeps(env, io, async (deps) => {
      const { database } = deps.config;
      assert.equal(database.kind === "sqlite" ? database.path : database.url, env.DATABASE_URL);
      return 0;
    });
    assert.equal(code, 0);
    assert.match(err.join("\n"), /"msg":"applied migrations: /);
  });

  it("close the database when the command throws", async () => {
    const { io } = capturing();
    let opened: Deps | null = null;
    await assert.rejects(
      withCliDeps({ ...testDatabaseEnv(dir, "thrown.sqlite"), LOG_LEVEL: "error" }, io, async (deps) => {
        opened = deps;
        throw new Error("the command failed");
      }),
      /the command failed/,
    );
    const deps = opened as Deps | null;
    assert.ok(deps);
    await assert.rejects(deps.db.selectFrom("incidents").select("id").execute());
  });
});
