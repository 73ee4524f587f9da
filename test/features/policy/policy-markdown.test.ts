import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitByHeading } from "../../../src/features/policy/policy-markdown.ts";

const headingsAndBodies = (path: string, markdown: string) =>
  splitByHeading(path, markdown).map((s) => [s.heading, s.body]);

describe("policy Markdown", () => {
  it("splits a document by heading, linking each section to its anchor", () => {
    const sections = splitByHeading(
      "use.md",
      "---\nurl: https://wiki/x\n---\n# Top\nintro\n## Customer data\nrules here\n",
    );
    assert.deepEqual(
      sections.map((s) => [s.heading, s.body, s.sourceUrl]),
      [
        ["Top", "intro", "https://wiki/x#top"],
        ["Top › Customer data", "rules here", "https://wiki/x#customer-data"],
      ],
    );
  });

  it("names text before the first heading by the file, and has no link without a front matter url", () => {
    const sections = splitByHeading("hr/recruiting.md", "Read this first.\n# Rules\nNo screening.\n");
    assert.deepEqual(
      sections.map((s) => [s.heading, s.body, s.sourceUrl]),
      [
        ["hr/recruiting.md", "Read this first.", null],
        ["Rules", "No screening.", null],
      ],
    );
  });

  it("drops a heading's closing hashes, and nests a deeper heading under the last shallower one", () => {
    assert.deepEqual(headingsAndBodies("a.md", "# One ##\na\n### Three\nb\n## Two\nc\n"), [
      ["One", "a"],
      ["One › Three", "b"],
      ["One › Two", "c"],
    ]);
  });

  it("keeps a `# comment` inside a fenced code block as code, not a heading", () => {
    const markdown = [
      "# Scripts",
      "Run the check before you send data:",
      "```bash",
      "# strip customer names first",
      "./redact.sh input.csv",
      "```",
      "~~~~",
      "## not a heading either",
      "```",
      "still code",
      "~~~~",
      "# After",
      "done",
    ].join("\n");
    assert.deepEqual(headingsAndBodies("scripts.md", markdown), [
      [
        "Scripts",
        "Run the check before you send data:\n```bash\n# strip customer names first\n./redact.sh input.csv\n```\n" +
          "~~~~\n## not a heading either\n```\nstill code\n~~~~",
      ],
      ["After", "done"],
    ]);
  });

  it("cuts a very long section", () => {
    const [section] = splitByHeading("long.md", `# Long\n${"word ".repeat(2000)}`);
    assert.equal(section?.body.length, 4000);
  });
});
