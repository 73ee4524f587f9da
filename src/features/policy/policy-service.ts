import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Db } from "../../db/connection.ts";
import { AppError, messageOf } from "../../errors.ts";
import { splitByHeading } from "./policy-markdown.ts";
import {
  type PolicyHit,
  type PolicySection,
  replacePolicySections,
  searchPolicySections,
} from "./policy-repository.ts";

const STOPWORDS = new Set(
  (
    "the a an and or of to in on for with from by about is are am was were be can could may might should would will " +
    "i we you my our your it its this that these those what which who how when where why do does did use using used " +
    "ai any some all not no yes if there here please tell me us allowed approved ok okay"
  ).split(" "),
);

export interface PolicyService {
  /** Replaces the stored policy with every Markdown file under `dir`, split by heading. */
  importDirectory(dir: string): Promise<{ files: number; sections: number }>;
  /** The sections that answer a question, best first; empty when nothing fits well enough. */
  search(question: string, limit?: number): Promise<PolicyHit[]>;
}

export function createPolicyService(deps: { db: Db; now: () => Date }): PolicyService {
  return {
    async importDirectory(dir) {
      const files = await markdownFiles(dir);
      if (files.length === 0) throw new AppError("invalid_input", `No Markdown (.md) files under ${dir}.`);
      const sections: PolicySection[] = [];
      for (const file of files) sections.push(...splitByHeading(relative(dir, file), await readFile(file, "utf8")));
      await replacePolicySections(deps.db, sections, deps.now().toISOString());
      return { files: files.length, sections: sections.length };
    },

    async search(question, limit = 3) {
      const words = [...new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter(
        (word) => word.length > 2 && !STOPWORDS.has(word),
      );
      const hits = await searchPolicySections(deps.db, words.slice(0, 20), limit);
      // A section counts when it shares at least two of the question's words (by their stems).
      const stem = (word: string) => word.slice(0, 5);
      return hits.filter((hit) => {
        const text = `${hit.heading} ${hit.body}`.toLowerCase();
        return new Set(words.filter((word) => text.includes(stem(word)))).size >= Math.min(2, words.length);
      });
    },
  };
}

async function markdownFiles(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new AppError("invalid_input", `Cannot read policy folder ${dir}: ${messageOf(error)}`);
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await markdownFiles(path)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) found.push(path);
  }
  return found;
}
