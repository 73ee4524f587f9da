import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";

export interface PolicySection {
  sourcePath: string;
  sourceUrl: string | null;
  heading: string;
  body: string;
}

export interface PolicyHit extends PolicySection {
  score: number;
}

/** Replaces every section in one transaction, index included: a failed import leaves the old policy. */
export async function replacePolicySections(db: Db, sections: readonly PolicySection[], at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM policy_fts`.execute(trx);
    await trx.deleteFrom("policy_sections").execute();
    for (const [position, section] of sections.entries()) {
      const row = await trx
        .insertInto("policy_sections")
        .values({
          source_path: section.sourcePath,
          source_url: section.sourceUrl,
          heading: section.heading,
          body: section.body,
          position,
          imported_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await sql`INSERT INTO policy_fts (rowid, heading, body) VALUES (${row.id}, ${section.heading}, ${section.body})`.execute(
        trx,
      );
    }
  });
}

/**
 * Best sections for the given words, by BM25 (headings weigh more). The
 * words are quoted one by one, so nothing a user types is read as FTS5 syntax.
 */
export async function searchPolicySections(db: Db, words: readonly string[], limit: number): Promise<PolicyHit[]> {
  if (words.length === 0) return [];
  const query = words.map((word) => `"${word.replace(/"/g, "")}"`).join(" OR ");
  const result = await sql<{
    source_path: string;
    source_url: string | null;
    heading: string;
    body: string;
    score: number;
  }>`SELECT s.source_path, s.source_url, s.heading, s.body, bm25(policy_fts, 4.0, 1.0) AS score
     FROM policy_fts JOIN policy_sections s ON s.id = policy_fts.rowid
     WHERE policy_fts MATCH ${query}
     ORDER BY score LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => ({
    sourcePath: row.source_path,
    sourceUrl: row.source_url,
    heading: row.heading,
    body: row.body,
    score: row.score,
  }));
}
