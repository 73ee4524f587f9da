import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const SEMI_SPACE = /--max-semi-space-size=(\d+)/;

describe("V8 settings where the bot runs", () => {
  it("caps the young generation alike in bin/aigov.js, npm start, the Dockerfile and the systemd unit", () => {
    const bin = read("bin/aigov.js").split("\n")[0] ?? "";
    const start = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts.start;
    const docker = read("Dockerfile").match(/^\s+NODE_OPTIONS=(\S+)/m)?.[1] ?? "";
    const unit = read("deploy/aigov.service").match(/^Environment=NODE_OPTIONS=(\S+)$/m)?.[1] ?? "";
    // The #! line passes the flag to node itself, which NODE_OPTIONS could not reach once Node runs.
    assert.match(bin, /^#!\/usr\/bin\/env -S node --max-semi-space-size=\d+$/);
    const sizes = [bin, start, docker, unit].map((text) => text.match(SEMI_SPACE)?.[1]);
    assert.equal(new Set(sizes).size, 1, `one size everywhere: ${sizes.join(", ")}`);
    assert.ok(sizes[0] !== undefined);
  });
});
