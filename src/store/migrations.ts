/**
 * Versioned schema migrations, in code so they ship with the app. Kysely's Migrator records the ones
 * applied in `kysely_migration` and runs the rest in order, under its own lock (so two replicas
 * starting at once migrate once). They run at start and by `sincerely db migrate`.
 *
 * Never edit a migration that has shipped: add the next one.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import type { Dialect } from "./schema.js";
import { searchBigrams } from "./search.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was then, not as typed now.
type AnyDb = Kysely<any>;

function migrations(dialect: Dialect): Record<string, Migration> {
  const pg = dialect === "postgres";
  return {
    "0001-initial": {
      async up(db: AnyDb) {
        await db.schema
          .createTable("cases")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("doc", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("intent", "text", (c) => c.notNull())
          .addColumn("situation", "text")
          .addColumn("department", "text", (c) => c.notNull())
          .addColumn("handle", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("posted_at", "text")
          .addColumn("occurred_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addColumn("claimed_by", "text")
          .addColumn("claimed_at", "text")
          .addColumn("escalation_department", "text")
          .addColumn("escalated_at", "text")
          .addColumn("escalation_channel", "text")
          .addColumn("escalation_thread_ts", "text")
          .addColumn("decided_at", "text")
          .addColumn("search_text", "text", (c) => c.notNull())
          .addColumn("seq", "bigint", (c) => c.notNull())
          .execute();
        // The queue: pending cases oldest/newest first, optionally by intent or department.
        await db.schema
          .createIndex("cases_state_created")
          .on("cases")
          .columns(["state", "created_at", "id"])
          .execute();
        await db.schema
          .createIndex("cases_intent_state_created")
          .on("cases")
          .columns(["intent", "state", "created_at"])
          .execute();
        await db.schema
          .createIndex("cases_department_state_created")
          .on("cases")
          .columns(["department", "state", "created_at"])
          .execute();
        await db.schema.createIndex("cases_created").on("cases").columns(["created_at", "id"]).execute();
        await db.schema
          .createIndex("cases_occurred")
          .on("cases")
          .columns(["occurred_at", "intent"])
          .execute();
        await db.schema
          .createIndex("cases_handle_created")
          .on("cases")
          .columns(["handle", "created_at"])
          .execute();
        await db.schema
          .createIndex("cases_claimed_by")
          .on("cases")
          .columns(["claimed_by", "state"])
          .execute();
        await db.schema.createIndex("cases_situation").on("cases").columns(["situation", "state"]).execute();
        await db.schema.createIndex("cases_seq").on("cases").column("seq").execute();
        await db.schema
          .createIndex("cases_escalation_thread")
          .on("cases")
          .columns(["escalation_channel", "escalation_thread_ts"])
          .execute();
        await db.schema.createIndex("cases_escalated").on("cases").columns(["escalated_at"]).execute();

        if (pg) {
          await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
          await sql`CREATE INDEX cases_search_trgm ON cases USING gin (search_text gin_trgm_ops)`.execute(db);
          await sql`CREATE SEQUENCE case_seq`.execute(db);
        } else {
          // Trigram tokens find 배송 inside 배송이: Korean has no spaces to split words on.
          await sql`CREATE VIRTUAL TABLE cases_fts USING fts5(id UNINDEXED, body, tokenize = 'trigram')`.execute(
            db,
          );
          await db.schema
            .createTable("counters")
            .addColumn("name", "text", (c) => c.primaryKey())
            .addColumn("value", "bigint", (c) => c.notNull())
            .execute();
          await db.insertInto("counters").values({ name: "case_seq", value: 0 }).execute();
        }

        await db.schema
          .createTable("case_events")
          .addColumn("id", pg ? "bigserial" : "integer", (c) =>
            pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("actor_id", "text", (c) => c.notNull())
          .addColumn("doc", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("case_events_case")
          .on("case_events")
          .columns(["case_id", "id"])
          .execute();
        await db.schema
          .createIndex("case_events_type_at")
          .on("case_events")
          .columns(["type", "at"])
          .execute();

        await db.schema
          .createTable("dedupe_keys")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .addColumn("expires_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("dedupe_keys_expires").on("dedupe_keys").column("expires_at").execute();

        await db.schema
          .createTable("kv")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("doc", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("slack_cards")
          .addColumn("case_id", "text", (c) => c.primaryKey().references("cases.id").onDelete("cascade"))
          .addColumn("card_channel", "text")
          .addColumn("card_ts", "text")
          .addColumn("thread_channel", "text")
          .addColumn("thread_ts", "text")
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("slack_cards_thread")
          .on("slack_cards")
          .columns(["thread_channel", "thread_ts"])
          .execute();

        await db.schema
          .createTable("outbox")
          .addColumn("id", pg ? "bigserial" : "integer", (c) =>
            pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn("topic", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("payload", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("lease_owner", "text")
          .addColumn("lease_until", "text")
          .addColumn("done_at", "text")
          .addColumn("last_error", "text")
          .execute();
        await db.schema.createIndex("outbox_open").on("outbox").columns(["done_at", "topic", "id"]).execute();

        await db.schema
          .createTable("leases")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("owner", "text", (c) => c.notNull())
          .addColumn("until", "text", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("report_runs")
          .addColumn("date", "text", (c) => c.primaryKey())
          .addColumn("posted_at", "text", (c) => c.notNull())
          .addColumn("owner", "text", (c) => c.notNull())
          .execute();
      },
    },
    "0002-state-index-with-search-text": {
      // A short search (배송, under the trigram's three characters) with a state filter is a LIKE
      // over that state's cases. With search_text in the (state, created_at, id) index, SQLite tests
      // the LIKE on the index entry and reads a case row (1–2 KB of JSON, on its own page) only for a
      // match: a pending search no longer reads every pending row, and its count reads the index
      // alone. The old index is a prefix of the new one, so every query it served uses the new one.
      // PostgreSQL keeps its index: a btree entry is limited to ~2.7 KB and a pasted mention can be
      // longer, so search_text cannot go into one there.
      async up(db: AnyDb) {
        if (pg) return;
        await db.schema
          .createIndex("cases_state_created_text")
          .on("cases")
          .columns(["state", "created_at", "id", "search_text"])
          .execute();
        await db.schema.dropIndex("cases_state_created").execute();
      },
    },
    "0003-slack-facts-out-of-cases": {
      // The card location (`card`) and the escalation thread (`escalation.channel/threadTs`) are
      // Slack's business, not the case's: they move from the case documents (and the two escalation
      // columns) into slack_cards, and the documents lose them. Idempotent: a location already in
      // slack_cards is kept, and a document without them is not touched. The documents are rewritten
      // in JavaScript, not with jsonb operators: a mention with a NUL escape (\u0000) is valid JSON
      // text but cannot be cast to jsonb. The version is not bumped: no fact of the case changed.
      async up(db: AnyDb) {
        let after = "";
        for (;;) {
          const rows: Array<{
            id: string;
            doc: string;
            escalation_channel: string | null;
            escalation_thread_ts: string | null;
            updated_at: string;
          }> = await db
            .selectFrom("cases")
            .select(["id", "doc", "escalation_channel", "escalation_thread_ts", "updated_at"])
            .where("id", ">", after)
            .where((eb) =>
              eb.or([
                eb("doc", "like", '%"card":%'),
                eb("doc", "like", '%"threadTs":%'),
                eb("escalation_thread_ts", "is not", null),
              ]),
            )
            .orderBy("id")
            .limit(500)
            .execute();
          if (!rows.length) break;
          after = rows[rows.length - 1]?.id ?? after;
          const cards: Record<string, string | null>[] = [];
          const docs: Array<{ id: string; doc: string }> = [];
          for (const r of rows) {
            const doc = JSON.parse(r.doc) as {
              card?: { channel?: unknown; ts?: unknown };
              escalation?: { channel?: unknown; threadTs?: unknown };
            };
            const str = (v: unknown) => (typeof v === "string" && v ? v : null);
            const cardChannel = str(doc.card?.channel);
            const cardTs = str(doc.card?.ts);
            const threadChannel = r.escalation_channel ?? str(doc.escalation?.channel);
            const threadTs = r.escalation_thread_ts ?? str(doc.escalation?.threadTs);
            const card = cardChannel && cardTs;
            const thread = threadChannel && threadTs;
            if (card || thread) {
              cards.push({
                case_id: r.id,
                card_channel: card ? cardChannel : null,
                card_ts: card ? cardTs : null,
                thread_channel: thread ? threadChannel : null,
                thread_ts: thread ? threadTs : null,
                updated_at: r.updated_at,
              });
            }
            const had =
              "card" in doc ||
              (doc.escalation && ("channel" in doc.escalation || "threadTs" in doc.escalation));
            if (!had) continue;
            delete doc.card;
            if (doc.escalation) {
              delete doc.escalation.channel;
              delete doc.escalation.threadTs;
            }
            docs.push({ id: r.id, doc: JSON.stringify(doc) });
          }
          if (cards.length) {
            await db
              .insertInto("slack_cards")
              .values(cards)
              .onConflict((oc) =>
                oc.column("case_id").doUpdateSet({
                  card_channel: sql`CASE WHEN slack_cards.card_ts IS NULL THEN excluded.card_channel ELSE slack_cards.card_channel END`,
                  card_ts: sql`coalesce(slack_cards.card_ts, excluded.card_ts)`,
                  thread_channel: sql`CASE WHEN slack_cards.thread_ts IS NULL THEN excluded.thread_channel ELSE slack_cards.thread_channel END`,
                  thread_ts: sql`coalesce(slack_cards.thread_ts, excluded.thread_ts)`,
                }),
              )
              .execute();
          }
          if (docs.length) {
            // One statement per batch, the same SQL on both engines.
            const values = sql.join(docs.map((d) => sql`(${d.id}, ${d.doc})`));
            await sql`WITH v(id, doc) AS (VALUES ${values})
              UPDATE cases SET doc = (SELECT v.doc FROM v WHERE v.id = cases.id)
              WHERE id IN (SELECT v.id FROM v)`.execute(db);
          }
        }
        await db.schema.dropIndex("cases_escalation_thread").ifExists().execute();
        await db.schema.alterTable("cases").dropColumn("escalation_channel").execute();
        await db.schema.alterTable("cases").dropColumn("escalation_thread_ts").execute();
      },
    },
    "0004-status-lines-and-surges-tables": {
      // Status lines and surges leave their kv rows (`status`, `surges`) for tables of their own:
      // one row per intent's line and one per surge, each with its own version (see
      // row-documents.ts). The kv rows are moved, then deleted; a row already in the new tables wins.
      async up(db: AnyDb) {
        await db.schema
          .createTable("status_lines")
          .addColumn("intent", "text", (c) => c.primaryKey())
          .addColumn("doc", "text", (c) => c.notNull())
          .addColumn("set_at", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("surges")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("intent", "text", (c) => c.notNull())
          .addColumn("started_at", "text", (c) => c.notNull())
          .addColumn("ended_at", "text")
          .addColumn("doc", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        // One active surge per intent, enforced by the database.
        await sql`CREATE UNIQUE INDEX surges_active_intent ON surges (intent) WHERE ended_at IS NULL`.execute(
          db,
        );
        await db.schema
          .createIndex("surges_ended")
          .on("surges")
          .columns(["ended_at", "started_at"])
          .execute();

        const kv = async (name: string): Promise<{ doc: unknown; at: string } | undefined> => {
          const row = await db
            .selectFrom("kv")
            .select(["doc", "updated_at"])
            .where("name", "=", name)
            .executeTakeFirst();
          if (!row) return undefined;
          try {
            return { doc: JSON.parse(row.doc as string), at: row.updated_at as string };
          } catch {
            return undefined; // A broken document stays in kv, where the old code would have refused it too.
          }
        };
        const status = await kv("status");
        if (status) {
          const lines = Object.entries(
            ((status.doc as { statuses?: Record<string, { setAt?: string }> }).statuses ?? {}) as Record<
              string,
              { setAt?: string }
            >,
          );
          for (const [intent, line] of lines) {
            await db
              .insertInto("status_lines")
              .values({
                intent,
                doc: JSON.stringify(line),
                set_at: line.setAt ?? status.at,
                version: 1,
                updated_at: status.at,
              })
              .onConflict((oc) => oc.column("intent").doNothing())
              .execute();
          }
          await db.deleteFrom("kv").where("name", "=", "status").execute();
        }
        const surges = await kv("surges");
        if (surges) {
          type S = { intent: string; startedAt: string; endedAt?: string };
          const d = surges.doc as { active?: Record<string, S>; ended?: S[] };
          const all = [...Object.values(d.active ?? {}), ...(d.ended ?? [])];
          for (const s of all) {
            if (typeof s?.intent !== "string" || typeof s.startedAt !== "string") continue;
            await db
              .insertInto("surges")
              .values({
                id: `${s.intent}@${s.startedAt}`,
                intent: s.intent,
                started_at: s.startedAt,
                ended_at: s.endedAt ?? null,
                doc: JSON.stringify(s),
                version: 1,
                updated_at: surges.at,
              })
              .onConflict((oc) => oc.doNothing())
              .execute();
          }
          await db.deleteFrom("kv").where("name", "=", "surges").execute();
        }
      },
    },
    "0005-decided-index": {
      // The console's history: decided cases, most recently decided first, a page at a time.
      async up(db: AnyDb) {
        await db.schema.createIndex("cases_decided").on("cases").columns(["decided_at", "id"]).execute();
      },
    },
    "0006-short-search-bigrams": {
      // Two-character searches (배송, 먹통: most Korean words) are below the trigram indexes' three
      // characters and read every case in history. Each case's two-letter pieces (searchBigrams)
      // now go into their own index: an FTS5 table whose "words" are the pieces on SQLite, a GIN
      // index over a text[] column on PostgreSQL. Existing cases are indexed here, a batch at a time.
      async up(db: AnyDb) {
        if (pg) await sql`ALTER TABLE cases ADD COLUMN search_bigrams text[]`.execute(db);
        else
          await sql`CREATE VIRTUAL TABLE cases_bigrams USING fts5(id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(
            db,
          );
        await forEachCaseBatch(db, "search_text", async (rows) => {
          if (pg)
            await setByIds(
              db,
              "search_bigrams",
              rows.map((r) => [r.id, sql`${searchBigrams(r.search_text)}::text[]`]),
            );
          else
            await db
              .insertInto("cases_bigrams")
              .values(rows.map((r) => ({ id: r.id, body: searchBigrams(r.search_text).join(" ") })))
              .execute();
        });
        if (pg) await sql`CREATE INDEX cases_search_bigrams ON cases USING gin (search_bigrams)`.execute(db);
      },
    },
    "0007-classified-intent-column": {
      // Per-intent precision groups decided cases by the intent the classifier chose, which was read
      // out of each case's JSON document; it is a column now, filled from the documents here.
      async up(db: AnyDb) {
        await db.schema.alterTable("cases").addColumn("classified_intent", "text").execute();
        if (!pg) {
          await sql`UPDATE cases SET classified_intent = json_extract(doc, '$.classification.intent')`.execute(
            db,
          );
          return;
        }
        // On PostgreSQL in JavaScript, a batch at a time: its JSON operators refuse a whole document
        // whose text holds a NUL escape (\u0000), whichever field is asked for.
        await forEachCaseBatch(db, "doc", (rows) =>
          setByIds(
            db,
            "classified_intent",
            rows.map((r) => {
              const intent = (JSON.parse(r.doc) as { classification?: { intent?: unknown } }).classification
                ?.intent;
              return [r.id, typeof intent === "string" ? intent : null];
            }),
          ),
        );
      },
    },
  };
}

/** Every stored case with one more column, 1,000 at a time in id order: for the backfills above. */
async function forEachCaseBatch<C extends "doc" | "search_text">(
  db: AnyDb,
  column: C,
  fn: (rows: Array<{ id: string } & Record<C, string>>) => Promise<unknown>,
): Promise<void> {
  let after = "";
  for (;;) {
    const rows = (await db
      .selectFrom("cases")
      .select(["id", column])
      .where("id", ">", after)
      .orderBy("id")
      .limit(1000)
      .execute()) as Array<{ id: string } & Record<C, string>>;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.id as string;
    await fn(rows);
  }
}

/** PostgreSQL: sets `column` of each case in `values` ([id, value]) in one UPDATE. */
async function setByIds(db: AnyDb, column: string, values: Array<[string, unknown]>): Promise<void> {
  const rows = values.map(([id, value]) => sql`(${id}, ${value})`);
  await sql`UPDATE cases SET ${sql.ref(column)} = v.value
    FROM (VALUES ${sql.join(rows)}) AS v(id, value) WHERE cases.id = v.id`.execute(db);
}

/**
 * `schema`: the PostgreSQL schema the app works in (DATABASE_SCHEMA). Kysely's bookkeeping tables go
 * there too; otherwise it would find another schema's and skip creating its own.
 */
export function migrator(db: AnyDb, dialect: Dialect, schema?: string): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Applies every pending migration; returns the names applied now. Throws with the failing one named. */
export async function migrateToLatest(db: AnyDb, dialect: Dialect, schema?: string): Promise<string[]> {
  const { error, results } = await migrator(db, dialect, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
