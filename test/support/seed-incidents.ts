import { sql } from "kysely";
import type { Db } from "../../src/db/connection.ts";
import { onPostgres } from "./test-database.ts";

export interface SeedOptions {
  /** Models are named as bench/generated-registry.ts names the first `models` of its registry. */
  models: number;
  /** Every nth incident stays open; the rest are resolved, as in a real history. */
  openEvery?: number;
  startedAt?: string;
}

/**
 * Appends `count` incidents, each with one model and a "created" event, in
 * three set-based statements: seeding a million takes seconds, not minutes.
 */
export async function seedIncidents(db: Db, count: number, options: SeedOptions): Promise<void> {
  const openEvery = options.openEvery ?? 2_000;
  const at = options.startedAt ?? "2026-11-01T00:00:00.000Z";
  const { rows } = await sql<{ n: number | null }>`SELECT max(id) AS n FROM incidents`.execute(db);
  const from = (rows[0]?.n ?? 0) + 1;
  const to = from + count - 1;
  const model = (i: ReturnType<typeof sql>) =>
    sql`'vendor' || ((${i} % ${options.models}) % 50) || '/fam' || (((${i} % ${options.models}) / 50) % 40) || '-v' || ((${i} % ${options.models}) / 2000)`;
  await db.transaction().execute(async (trx) => {
    await sql`
      WITH RECURSIVE n(i) AS (SELECT CAST(${from} AS integer) UNION ALL SELECT i + 1 FROM n WHERE i < ${to})
      INSERT INTO incidents (id, vendor_id, vendor_name, type, severity, status, title, description,
        started_at, reporter, source, created_at, updated_at, resolved_at)
      SELECT i, 'vendor' || ((i % ${options.models}) % 50), 'Vendor ' || ((i % ${options.models}) % 50),
        CASE WHEN i % 10 = 0 THEN 'suspension' ELSE 'outage' END, 'sev3',
        CASE WHEN i % ${openEvery} = 0 THEN 'open' ELSE 'resolved' END,
        'Stored incident ' || i, 'Elevated errors on the API.', ${at}, 'U0EMPLOYEE1', 'cli', ${at}, ${at},
        CASE WHEN i % ${openEvery} = 0 THEN NULL ELSE ${at} END
      FROM n`.execute(trx);
    await sql`
      INSERT INTO incident_models (incident_id, model_id, position)
      SELECT id, ${model(sql.ref("id"))}, 0 FROM incidents WHERE id BETWEEN ${from} AND ${to}`.execute(trx);
    await sql`
      INSERT INTO incident_events (incident_id, at, actor, kind, old_value, new_value, note)
      SELECT id, ${at}, 'U0EMPLOYEE1', 'created', NULL, 'open', title FROM incidents WHERE id BETWEEN ${from} AND ${to}`.execute(
      trx,
    );
    // Rows inserted with their ids leave PostgreSQL's identity sequence behind; the next insert would reuse an id.
    if (onPostgres) await sql`SELECT setval(pg_get_serial_sequence('incidents', 'id'), ${to})`.execute(trx);
  });
}
