/**
 * `sincerely db migrate` and `sincerely db import SOURCE`: the database's schema, and moving data in.
 *
 * `db import` reads an old lowdb DATA_DIR (cases/YYYY-MM-DD.json day files and the small JSON
 * documents next to them) or a `sincerely export` JSON-lines file, and writes it into the database
 * named by DATA_DIR / DATABASE_URL. It is idempotent: cases already stored (same id) and documents
 * already present are kept as they are, so it can be run again after an interruption. At the end it
 * checks that every source case is in the database, and says so with the counts.
 */
import fs from "node:fs";
import path from "node:path";
import type { Case } from "../cases/types.js";
import { LEGACY_IMPORT_KV, legacyDayFiles, openStore, type Store } from "../store/index.js";
import { migrateToLatest } from "../store/migrations.js";
import { splitSlackFacts } from "../store/slack-cards.js";
import { parse, UsageError } from "./common.js";
import { cliConfig } from "./ops-env.js";

export const dbHelp = `sincerely db migrate
  Applies pending schema migrations to the database (DATA_DIR/sincerely.db, or DATABASE_URL). The app
  also does this at start.
sincerely db import SOURCE
  Moves an old DATA_DIR (cases/YYYY-MM-DD.json day files + status/surges/reports/dedupe documents) or
  a \`sincerely export\` JSON-lines file into the database. Idempotent; counts are checked at the end.`;

/** Old kv documents that keep their name as kv rows; `dedupe` becomes rows of dedupe_keys. */
const LEGACY_KV = /^([a-z0-9][a-z0-9-]*)\.json$/;

function env(): { dataDir: string; databaseUrl: string | undefined; schema: string | undefined } {
  const config = cliConfig();
  return { dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA };
}

export async function runDb(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const [sub, source] = positionals;
  if (values.help || !sub) {
    console.log(dbHelp);
    return sub ? 0 : 2;
  }
  const target = env();
  if (sub === "migrate") {
    const store = await openStore(target.dataDir, {
      databaseUrl: target.databaseUrl,
      schema: target.schema,
      migrate: false,
      allowLegacy: true,
    });
    try {
      const applied = await migrateToLatest(store.db, store.dialect, store.schema);
      console.log(
        applied.length
          ? `db migrate: applied ${applied.join(", ")} to ${store.location}`
          : `db migrate: ${store.location} is up to date`,
      );
      return 0;
    } finally {
      await store.close();
    }
  }
  if (sub === "import") {
    if (!source) throw new UsageError("db import needs a SOURCE: an old DATA_DIR or an export .jsonl file");
    const store = await openStore(target.dataDir, {
      databaseUrl: target.databaseUrl,
      schema: target.schema,
      allowLegacy: true,
    });
    try {
      const result = await importInto(store, source);
      console.log(result.summary);
      return result.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  }
  throw new UsageError(`unknown db command '${sub}': migrate or import`);
}

export interface ImportResult {
  ok: boolean;
  cases: number;
  inserted: number;
  documents: number;
  summary: string;
}

export async function importInto(store: Store, source: string): Promise<ImportResult> {
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${source} does not exist`);
  // Card and escalation-thread locations (old documents' `card`, `escalation.channel/threadTs`, an
  // export's `slack`) go to slack_cards; the case documents are stored without them.
  const split = (stat.isDirectory() ? readDayFiles(source) : readJsonLines(source)).map(splitSlackFacts);
  const cases = split.map((s) => s.case);
  let inserted = 0;
  for (let i = 0; i < cases.length; i += 1000)
    inserted += await store.cases.insertMany(cases.slice(i, i + 1000));
  await store.slackCards.importMany(
    split.flatMap((s) => (s.slack ? [{ caseId: s.case.id, slack: s.slack }] : [])),
  );
  const documents = stat.isDirectory() ? await importDocuments(store, source) : 0;

  // Counts checked: every source case must now be in the database.
  const ids = cases.map((c) => c.id);
  let found = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await store.db
      .selectFrom("cases")
      .select("id")
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    found += rows.length;
  }
  const distinct = new Set(ids).size;
  const ok = found === distinct;
  if (ok && stat.isDirectory()) {
    await store.kv(LEGACY_IMPORT_KV, {}).replace({
      importedAt: new Date().toISOString(),
      from: path.resolve(source),
      cases: distinct,
    });
  }
  const summary = ok
    ? `db import: ${distinct} case(s) from ${source} are in ${store.location} (${inserted} new, ${distinct - inserted} already there); ${documents} document(s) imported.`
    : `db import: only ${found} of ${distinct} case(s) from ${source} are in ${store.location}; nothing is marked imported. Run it again; if the count stays short, report it.`;
  return { ok, cases: distinct, inserted, documents, summary };
}

function fail(file: string, where: string, detail: string): never {
  throw new UsageError(`${file}:${where}: ${detail}`);
}

function checkCase(raw: unknown, file: string, where: string): Case {
  if (typeof raw !== "object" || raw === null) fail(file, where, "not an object");
  const c = raw as Partial<Case>;
  if (typeof c.id !== "string" || !c.id) fail(file, where, 'field "id" is missing');
  if (typeof c.createdAt !== "string" || Number.isNaN(Date.parse(c.createdAt)))
    fail(file, where, `case ${c.id}: field "createdAt" is not a date`);
  if (typeof c.mention?.text !== "string") fail(file, where, `case ${c.id}: field "mention.text" is missing`);
  for (const field of ["state", "intent", "department"] as const) {
    if (typeof c[field] !== "string") fail(file, where, `case ${c.id}: field "${field}" is missing`);
  }
  if (!Array.isArray(c.events)) fail(file, where, `case ${c.id}: field "events" is not a list`);
  return { ...(c as Case), version: typeof c.version === "number" ? c.version : 1 };
}

/** The old store's day files, each `{ version: 1, day, cases: [...] }`. */
function readDayFiles(dataDir: string): Case[] {
  const out: Case[] = [];
  for (const name of legacyDayFiles(dataDir)) {
    const file = path.join(dataDir, "cases", name);
    const text = fs.readFileSync(file, "utf8");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      fail(file, "1", `not valid JSON (${(err as Error).message})`);
    }
    const list = (data as { cases?: unknown }).cases;
    if (!Array.isArray(list)) fail(file, "1", 'expected an object with a "cases" list');
    list.forEach((c, i) => {
      out.push(checkCase(c, file, `cases[${i}]`));
    });
  }
  return out;
}

/** A `sincerely export` file: one case (with its events) per line. */
function readJsonLines(file: string): Case[] {
  const out: Case[] = [];
  fs.readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (err) {
        fail(file, String(i + 1), `not valid JSON (${(err as Error).message})`);
      }
      out.push(checkCase(raw, file, String(i + 1)));
    });
  return out;
}

async function importDocuments(store: Store, dataDir: string): Promise<number> {
  let count = 0;
  for (const name of fs.readdirSync(dataDir)) {
    const m = LEGACY_KV.exec(name);
    if (!m?.[1] || name.startsWith(".")) continue;
    const file = path.join(dataDir, name);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      fail(file, "1", `not valid JSON (${(err as Error).message})`);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data))
      fail(file, "1", "expected a JSON object");
    if (m[1] === "dedupe") {
      const keys = (data as { keys?: Record<string, { value: string; expiresAt: string }> }).keys ?? {};
      for (const [key, entry] of Object.entries(keys)) {
        await store.db
          .insertInto("dedupe_keys")
          .values({ key, value: entry.value, expires_at: entry.expiresAt })
          .onConflict((oc) => oc.column("key").doNothing())
          .execute();
      }
      count++;
      continue;
    }
    // Status lines and surges have tables of their own (migration 0004); kept if already there.
    if (m[1] === "status" || m[1] === "surges") {
      const target = m[1] === "status" ? store.statusLines : store.surges;
      const table = m[1] === "status" ? "status_lines" : "surges";
      const any = await store.db.selectFrom(table).select("version").limit(1).executeTakeFirst();
      if (!any) await (target as { replace(d: object): Promise<void> }).replace(data as never);
      count++;
      continue;
    }
    const existing = await store.db
      .selectFrom("kv")
      .select("name")
      .where("name", "=", m[1])
      .executeTakeFirst();
    if (!existing) await store.kv(m[1], {}).replace(data as object);
    count++;
  }
  return count;
}
