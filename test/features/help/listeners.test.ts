import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHelpSubcommand, helpRequested, unknownSubcommand } from "../../../src/features/help/listeners.ts";
import type { CommandArgs, Subcommand } from "../../../src/slack/aigov-command.ts";
import { asArgs, fakeBolt } from "../../support/fake-bolt-args.ts";

const ask: Subcommand = {
  name: "ask",
  usage: "/aigov ask <question>",
  summary: "ask about models",
  run: async () => {},
};

describe("help listeners", () => {
  it("answers /aigov help for the asker only, listing help first and every other subcommand", async () => {
    const slack = fakeBolt();
    await helpRequested([ask])(asArgs<CommandArgs>({ respond: slack.respond }));
    const [reply] = slack.sentTo("respond");
    assert.equal(reply.response_type, "ephemeral");
    assert.match(reply.text, /^I help you use AI safely at work/);
    assert.match(reply.text, /• `\/aigov help`: what I can do\n• `\/aigov ask <question>`: ask about models$/);
  });

  it("names the unknown subcommand the user typed, then lists what there is", async () => {
    const slack = fakeBolt();
    await unknownSubcommand([ask])(asArgs<CommandArgs>({ respond: slack.respond }), "frobnicate");
    assert.match(slack.sentTo("respond")[0].text, /^I don't know `\/aigov frobnicate`\. Here is what I can do:/);
  });

  it("gives the plain help for /aigov with nothing after it", async () => {
    const slack = fakeBolt();
    await unknownSubcommand([ask])(asArgs<CommandArgs>({ respond: slack.respond }), "");
    assert.match(slack.sentTo("respond")[0].text, /^I help you use AI safely at work/);
  });

  it("builds the help subcommand that the /aigov router runs", async () => {
    const { subcommand, fallback } = createHelpSubcommand([ask]);
    assert.equal(subcommand.name, "help");
    const slack = fakeBolt();
    await subcommand.run(asArgs<CommandArgs>({ respond: slack.respond }), "");
    await fallback(asArgs<CommandArgs>({ respond: slack.respond }), "nope");
    const replies = slack.sentTo("respond");
    assert.match(replies[0].text, /`\/aigov ask <question>`/);
    assert.match(replies[1].text, /`\/aigov nope`/);
  });
});
