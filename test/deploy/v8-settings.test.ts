import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("V8 settings where the bot runs", () => {
  it("keeps the young generation at its starting size, set in the entry every way of starting passes through", () => {
    const entry = read("src/cli/run.ts");
    const flag = entry.indexOf('setFlagsFromString("--semi-space-growth-factor=1")');
    assert.ok(flag > 0, "src/cli/run.ts sets the growth factor");
    // Static imports are evaluated before the module's own code: the app must load after the flag is set.
    assert.doesNotMatch(entry, /^import .* from "\.\.?\//m, "the entry imports the app only after the flag");
    assert.ok(entry.indexOf('await import("./main.ts")') > flag);
    assert.match(read("bin/aigov.js"), /dist\/src\/cli\/run\.js/, "the aigov bin runs the entry");
    assert.match(read("Dockerfile"), /^CMD \["node", "dist\/src\/cli\/run\.js", "start"\]$/m);
    assert.match(
      read("deploy/aigov.service"),
      /^ExecStart=\/usr\/bin\/node \/opt\/aigov\/dist\/src\/cli\/run\.js start$/m,
    );
    const start = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts.start;
    assert.equal(start, "exec node bin/aigov.js start");
  });
});
