import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { databaseSecrets, describeDatabase, loadConfig, lookupSecret, requireSlackMode } from "../src/config.ts";
import type { AppError } from "../src/errors.ts";

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.deepEqual(config.database, { kind: "sqlite", path: "./data/aigov.sqlite" });
    assert.equal(config.logLevel, "info");
    assert.equal(config.registryPath, null);
    assert.equal(config.slack.apiUrl, null);
  });

  it("reports every malformed variable at once, naming what it expects", () => {
    assert.throws(
      () => loadConfig({ PORT: "99999", LOG_LEVEL: "loud", SLACK_BOT_TOKEN: "xoxp-user", SLACK_API_URL: "ftp://x" }),
      (error: Error) => {
        assert.match(error.message, /PORT: expected a port number from 0 to 65535 \(got "99999"\)/);
        assert.match(error.message, /LOG_LEVEL: expected one of debug, info, warn, error \(got "loud"\)/);
        assert.match(error.message, /SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
        assert.match(error.message, /SLACK_API_URL: expected an http\(s\) URL/);
        return true;
      },
    );
  });

  it("treats empty values as unset and strips a sqlite: prefix", () => {
    const config = loadConfig({
      PORT: "",
      DATABASE_URL: "sqlite:///tmp/x.sqlite",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    assert.equal(config.port, 3000);
    assert.deepEqual(config.database, { kind: "sqlite", path: "/tmp/x.sqlite" });
    assert.equal(config.slack.apiUrl, "http://127.0.0.1:9/api/");
  });

  it("refuses a database URL of another kind, naming the supported ones and never echoing its password", () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: "mysql://root:hunter2@localhost/aigov" }),
      (error: AppError) => {
        assert.equal(error.code, "config_invalid");
        assert.match(
          error.message,
          /DATABASE_URL: expected a SQLite file path .*, a sqlite: URL or a postgres:\/\/ URL/,
        );
        assert.match(error.message, /mysql: is not supported/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
    assert.deepEqual(loadConfig({ DATABASE_URL: "file:data/x.sqlite" }).database, {
      kind: "sqlite",
      path: "data/x.sqlite",
    });
    assert.deepEqual(loadConfig({ DATABASE_URL: "data/x.sqlite" }).database, { kind: "sqlite", path: "data/x.sqlite" });
  });

  it("reads a postgres:// or postgresql:// URL and its settings, and shows the URL only without its password", () => {
    for (const scheme of ["postgres", "postgresql"]) {
      const url = `${scheme}://aigov:hunter2@db.internal:5432/aigov`;
      const config = loadConfig({
        DATABASE_URL: url,
        DATABASE_SCHEMA: "governance",
        DATABASE_POOL_SIZE: "4",
        DATABASE_STATEMENT_TIMEOUT_MS: "5000",
        DATABASE_SSL: "require",
      });
      assert.deepEqual(config.database, {
        kind: "postgres",
        url,
        redactedUrl: `${scheme}://aigov:***@db.internal:5432/aigov`,
        schema: "governance",
        poolSize: 4,
        statementTimeoutMs: 5000,
        ssl: { mode: "require", caFile: null },
      });
      assert.equal(
        describeDatabase(config.database),
        `${scheme}://aigov:***@db.internal:5432/aigov (schema governance)`,
      );
      assert.deepEqual(databaseSecrets(config.database), [url, "hunter2"]);
    }
    const defaults = loadConfig({ DATABASE_URL: "postgres://db.internal/aigov?sslmode=verify-full" }).database;
    assert.deepEqual(defaults, {
      kind: "postgres",
      url: "postgres://db.internal/aigov?sslmode=verify-full",
      redactedUrl: "postgres://db.internal/aigov?sslmode=verify-full",
      schema: null,
      poolSize: 10,
      statementTimeoutMs: 60000,
      ssl: null,
    });
    assert.deepEqual(databaseSecrets(defaults), ["postgres://db.internal/aigov?sslmode=verify-full"]);
  });

  it("refuses TLS set both in the URL and in DATABASE_SSL, and a schema name that is not a plain identifier", () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: "postgres://db/aigov?sslmode=require", DATABASE_SSL: "disable" }),
      /set TLS either in DATABASE_URL \(sslmode=…\) or with DATABASE_SSL, not both/,
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: "postgres://db/aigov", DATABASE_SCHEMA: "a; drop table x" }),
      /DATABASE_SCHEMA: expected a PostgreSQL schema name/,
    );
  });
});

describe("a loaded config", () => {
  it("is frozen all the way down", () => {
    const config = loadConfig({ LLM_BASE_URL: "http://llm.internal/v1", LLM_MODEL: "m" });
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
    assert.throws(() => {
      (config.notices as { maxPerMinute: number }).maxPerMinute = 1;
    }, TypeError);
    assert.throws(() => {
      (config.llm.providers[0] as { model: string }).model = "other";
    }, TypeError);
    assert.throws(() => (config.llm.providers as unknown[]).push({}), TypeError);
  });

  it("looks secrets up in the environment it was loaded from, not the process's, and copies none in", () => {
    const env = { VENDOR_KEY: "sk-from-env", BLANK_KEY: "  " };
    const config = loadConfig(env);
    process.env.ONLY_IN_PROCESS_KEY = "sk-process";
    try {
      assert.equal(lookupSecret(config, "VENDOR_KEY"), "sk-from-env");
      assert.equal(lookupSecret(config, "BLANK_KEY"), null);
      assert.equal(lookupSecret(config, "ONLY_IN_PROCESS_KEY"), null);
    } finally {
      delete process.env.ONLY_IN_PROCESS_KEY;
    }
    env.VENDOR_KEY = "changed later";
    assert.equal(lookupSecret(config, "VENDOR_KEY"), "sk-from-env", "a snapshot, taken when loaded");
    assert.doesNotMatch(JSON.stringify(config), /sk-from-env/);
  });
});

describe("requireSlackMode", () => {
  it("chooses Socket Mode when an app token is set", () => {
    const mode = requireSlackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }));
    assert.equal(mode.kind, "socket");
  });

  it("chooses HTTP mode with a signing secret", () => {
    const mode = requireSlackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }));
    assert.equal(mode.kind, "http");
  });

  it("names exactly what is missing", () => {
    assert.throws(() => requireSlackMode(loadConfig({ SLACK_SIGNING_SECRET: "s" })), /missing SLACK_BOT_TOKEN\./);
  });
});
