import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildHelpMessage } from "../../../src/features/help/help-blocks.ts";
import { blockKitProblems } from "../../support/block-kit-limits.ts";

const entries = [
  { usage: "/aigov help", summary: "what I can do" },
  { usage: "/aigov model <name>", summary: "a model's card" },
];

describe("help blocks", () => {
  it("introduces the bot, lists each subcommand with its usage, and says it also answers mentions and DMs", () => {
    const message = buildHelpMessage(entries);
    assert.equal(
      message.text,
      "I help you use AI safely at work: which models are approved, for which data, and what to use instead.\n" +
        "• `/aigov help`: what I can do\n• `/aigov model <name>`: a model's card",
    );
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ["section", "section", "context"],
    );
    assert.match(JSON.stringify(message.blocks[2]), /mention me in a channel or send me a direct message/);
    assert.deepEqual(blockKitProblems(message.blocks, "message"), []);
  });

  it("starts with the unknown subcommand when one was attempted", () => {
    const message = buildHelpMessage(entries, "frobnicate");
    assert.match(JSON.stringify(message.blocks[0]), /I don't know `\/aigov frobnicate`\. Here is what I can do:/);
  });
});
