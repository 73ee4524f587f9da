import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import { isPostgres } from "../../db/dialect.ts";

export interface PolicySection {
  sourcePath: string;
  sourceUrl: string | null;
  heading: string;
  body: string;
}

export interface PolicyHit extends PolicySection {
  /** Lower is better. */
  score: number;
}

/**
 * Replaces every section in one transaction, index included: a failed import
 * leaves the old policy. PostgreSQL indexes each row itself (a generated
 * tsvector column); SQLite's FTS5 table is written beside it.
 */
export async function replacePolicySections(db: Db, sections: readonly PolicySection[], at: string): Promise<void> {
  const fts5 = !isPostgres(db);
  await db.transaction().execute(async (trx) => {
    if (fts5) await sql`DELETE FROM policy_fts`.execute(trx);
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
      if (!fts5) continue;
      await sql`INSERT INTO policy_fts (rowid, heading, body) VALUES (${row.id}, ${section.heading}, ${section.body})`.execute(
        trx,
      );
    }
  });
}

/**
 * Best sections for any of the given words, a match in the heading weighing
 * four times one in the body: BM25 over FTS5 on SQLite, ts_rank over the
 * tsvector on PostgreSQL. Each word is passed as plain text (quoted for FTS5,
 * through plainto_tsquery for PostgreSQL), so nothing a user types is read
 * as query syntax.
 */
export async function searchPolicySections(db: Db, words: readonly string[], limit: number): Promise<PolicyHit[]> {
  if (words.length === 0) return [];
  const result = isPostgres(db) ? await searchTsvector(db, words, limit) : await searchFts5(db, words, limit);
  return result.rows.map((row) => ({
    sourcePath: row.source_path,
    sourceUrl: row.source_url,
    heading: row.heading,
    body: row.body,
    score: Number(row.score),
  }));
}

interface HitRow {
  source_path: string;
  source_url: string | null;
  heading: string;
  body: string;
  score: number;
}

function searchFts5(db: Db, words: readonly string[], limit: number) {
  const query = words.map((word) => `"${word.replace(/"/g, "")}"`).join(" OR ");
  return sql<HitRow>`SELECT s.source_path, s.source_url, s.heading, s.body, bm25(policy_fts, 4.0, 1.0) AS score
     FROM policy_fts JOIN policy_sections s ON s.id = policy_fts.rowid
     WHERE policy_fts MATCH ${query}
     ORDER BY score LIMIT ${limit}`.execute(db);
}

/** Weights of D, C, B (bodies) and A (headings): a heading match counts four times a body match, as in FTS5's BM25 above. */
const TS_RANK_WEIGHTS = "{0.1, 0.2, 0.25, 1.0}";

function searchTsvector(db: Db, words: readonly string[], limit: number) {
  const query = sql.join(
    words.map((word) => sql`plainto_tsquery('english', ${word})`),
    sql` || `,
  );
  return sql<HitRow>`SELECT s.source_path, s.source_url, s.heading, s.body,
       -ts_rank(${TS_RANK_WEIGHTS}::float4[], s.search, q.query) AS score
     FROM policy_sections s, (SELECT ${query} AS query) q
     WHERE s.search @@ q.query
     ORDER BY score, s.position LIMIT ${limit}`.execute(db);
}
