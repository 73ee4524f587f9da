import type { HomeView, KnownBlock } from "@slack/types";

const MAX_HOME_BLOCKS = 100;

/** Joins the sections with dividers, within Slack's 100-block limit for a Home tab. */
export function buildHomeView(sections: readonly KnownBlock[][]): HomeView {
  const blocks: KnownBlock[] = [];
  sections.forEach((section, index) => {
    if (index > 0) blocks.push({ type: "divider" });
    blocks.push(...section);
  });
  return { type: "home", blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}
