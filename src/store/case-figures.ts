/**
 * Aggregates over cases, computed by the database (GROUP BY, conditional sums, EXISTS over the audit
 * events) instead of listing every case into JavaScript: the surge monitor's window counts and the
 * daily report's figures. Times are compared as the ISO text the columns hold (`occurred_at` is
 * coalesce(posted_at, created_at)), which sorts like the instants it names.
 *
 * What the database cannot say cheaply stays with the caller, but on small sets: the few cases
 * reclassified after the report's moment (to count them under the intent they had then), and the
 * escalated cases (whose replies decide whether an escalation is still open).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Case } from "../cases/types.js";
import { parseCase } from "./case-store.js";
import type { Database, Dialect } from "./schema.js";

/** Per intent: cases in the window (end - window, end] and in the baseline [start, end - window]. */
export interface WindowCount {
  intent: string;
  count: number;
  before: number;
}

export interface WindowQuery {
  intents: readonly string[];
  /** The window's length in ms. */
  windowMs: number;
  /** How far back the baseline reaches before the window, in ms. */
  baselineMs: number;
  end: Date;
}

export interface ReportQuery {
  /** Start of the 7 days before the day (the week average). */
  weekStart: Date;
  /** The report's day [dayStart, asOf) and the day before [previousStart, dayStart). */
  previousStart: Date;
  dayStart: Date;
  asOf: Date;
  /** How far back escalations still waiting are looked for. */
  escalatedSince: Date;
  fallbackIntent: string;
  suggestionIntent: string;
}

export interface ReportFigures {
  /** By current intent: cases of the day, of the day before, and of the 7 days before. */
  intents: Array<{ intent: string; count: number; previousDay: number; week: number }>;
  /** The day's cases and what had happened to them by asOf. */
  day: {
    total: number;
    approved: number;
    dismissed: number;
    edited: number;
    reclassified: number;
    unknown: number;
  };
  /** Approvals made during the day (of the report's cases): when each case came in and was approved. */
  approvals: Array<{ createdAt: string; approvedAt: string }>;
  /** Keyword evidence of the day's cases for their current intent, term as the classifier wrote it. */
  terms: Array<{ intent: string; value: string; count: number }>;
  /** The day's suggestion cases (current intent), whole. */
  suggestions: Case[];
  /**
   * Cases of the report's windows reclassified at or after asOf, whole: the caller counts them under
   * the intent they had at asOf. They are left out of `terms` and `suggestions` (not of the counts).
   */
  reclassifiedLater: Case[];
  /** Cases escalated before asOf (of the lookback), whole: their replies say whether still open. */
  escalated: Case[];
  /** Every report case's intent and time, for finding surges after the fact. */
  times: Array<{ intent: string; occurredAt: string }>;
}

const iso = (d: Date) => d.toISOString();

export class CaseFigures {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /** A text field of the case document (`classification.intent`). */
  #docText(path: string[], table = "cases"): RawBuilder<string | null> {
    const column = sql.ref(`${table}.doc`);
    if (this.#dialect === "postgres")
      return sql<string | null>`(${column}::json #>> ${`{${path.join(",")}}`})`;
    return sql<string | null>`json_extract(${column}, ${`$.${path.join(".")}`})`;
  }

  /** Window and baseline counts per intent, for the surge monitor: one GROUP BY. */
  async windowCounts(q: WindowQuery): Promise<WindowCount[]> {
    if (!q.intents.length) return [];
    const end = iso(q.end);
    const windowStart = iso(new Date(q.end.getTime() - q.windowMs));
    const baselineStart = iso(new Date(q.end.getTime() - q.windowMs - q.baselineMs));
    const rows = await this.#db
      .selectFrom("cases")
      .select((eb) => [
        "intent",
        eb.fn.sum<number>(eb.case().when("occurred_at", ">", windowStart).then(1).else(0).end()).as("count"),
        eb.fn
          .sum<number>(eb.case().when("occurred_at", "<=", windowStart).then(1).else(0).end())
          .as("before"),
      ])
      .where("occurred_at", ">=", baselineStart)
      .where("occurred_at", "<=", end)
      .where("intent", "in", [...q.intents])
      .groupBy("intent")
      .execute();
    return rows.map((r) => ({ intent: r.intent, count: Number(r.count), before: Number(r.before) }));
  }

  /** How many cases of `intent` occurred in (after, until]. */
  async countOccurred(intent: string, after: Date, until: Date): Promise<number> {
    const r = await this.#db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("intent", "=", intent)
      .where("occurred_at", ">", iso(after))
      .where("occurred_at", "<=", iso(until))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The newest mention texts of `intent` in (after, until], newest first (surge samples). */
  async recentTexts(intent: string, after: Date, until: Date, limit: number, offset = 0): Promise<string[]> {
    const rows = await this.#db
      .selectFrom("cases")
      .select("doc")
      .where("intent", "=", intent)
      .where("occurred_at", ">", iso(after))
      .where("occurred_at", "<=", iso(until))
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => parseCase(r.doc).mention.text);
  }

  /**
   * Per intent the classifier chose (`classification.intent`): the cases created since
   * `createdSince` and decided in [from, to], and how many of them still had that intent (precision).
   */
  async decisionCounts(q: {
    createdSince: Date;
    from: Date;
    to: Date;
  }): Promise<Array<{ intent: string; decided: number; kept: number }>> {
    // From the classified_intent column (migration 0007), not the documents: parsing two weeks of
    // case JSON was most of the intents page's 90–110 ms at a long history.
    const r = await sql<{ intent: string; decided: number; kept: number }>`
      SELECT cases.classified_intent AS intent, count(*) AS decided,
        sum(CASE WHEN cases.intent = cases.classified_intent THEN 1 ELSE 0 END) AS kept
      FROM cases
      WHERE cases.created_at >= ${iso(q.createdSince)} AND cases.state IN ('approved', 'dismissed')
        AND cases.decided_at >= ${iso(q.from)} AND cases.decided_at <= ${iso(q.to)}
      GROUP BY cases.classified_intent`.execute(this.#db);
    return r.rows
      .filter((row) => typeof row.intent === "string")
      .map((row) => ({ intent: row.intent, decided: Number(row.decided), kept: Number(row.kept ?? 0) }));
  }

  /** The daily report's figures: see ReportFigures. */
  async reportFigures(q: ReportQuery): Promise<ReportFigures> {
    const weekStart = iso(q.weekStart);
    const previousStart = iso(q.previousStart);
    const dayStart = iso(q.dayStart);
    const asOf = iso(q.asOf);
    const since = iso(q.escalatedSince);
    const db = this.#db;

    // The report's cases: those of the last 7 days, and older ones that were escalated.
    const reportCase = sql<boolean>`(cases.occurred_at >= ${weekStart} OR (cases.escalated_at IS NOT NULL AND cases.occurred_at >= ${since}))`;
    const ofDay = sql<boolean>`(cases.occurred_at >= ${dayStart} AND cases.occurred_at < ${asOf})`;
    const eventBefore = (condition: RawBuilder<boolean>) =>
      sql<boolean>`EXISTS (SELECT 1 FROM case_events WHERE case_events.case_id = cases.id AND case_events.at < ${asOf} AND ${condition})`;
    const edited = eventBefore(
      sql<boolean>`(case_events.type = 'edited' OR (case_events.type = 'approved' AND ${this.#docText(["before", "text"], "case_events")} IS DISTINCT FROM ${this.#docText(["after", "text"], "case_events")}))`,
    );
    const reclassified = eventBefore(sql<boolean>`case_events.type = 'reclassified'`);
    const later = sql<boolean>`cases.id IN (SELECT case_events.case_id FROM case_events WHERE case_events.type = 'reclassified' AND case_events.at >= ${asOf})`;
    const count = (condition: RawBuilder<boolean>) =>
      sql<number>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

    const [intentRows, dayRow, approvals, termRows, suggestions, laterCases, escalated, times] =
      await Promise.all([
        db
          .selectFrom("cases")
          .select([
            "intent",
            count(ofDay).as("count"),
            count(sql<boolean>`cases.occurred_at >= ${previousStart} AND cases.occurred_at < ${dayStart}`).as(
              "previous_day",
            ),
            count(sql<boolean>`cases.occurred_at < ${dayStart}`).as("week"),
          ])
          .where("occurred_at", ">=", weekStart)
          .where("occurred_at", "<", asOf)
          .groupBy("intent")
          .execute(),
        db
          .selectFrom("cases")
          .select([
            sql<number>`count(*)`.as("total"),
            count(sql<boolean>`cases.state = 'approved' AND cases.decided_at < ${asOf}`).as("approved"),
            count(sql<boolean>`cases.state = 'dismissed' AND cases.decided_at < ${asOf}`).as("dismissed"),
            count(edited).as("edited"),
            count(reclassified).as("reclassified"),
            count(sql<boolean>`${this.#docText(["classification", "intent"])} = ${q.fallbackIntent}`).as(
              "unknown",
            ),
          ])
          .where(ofDay)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("cases")
          .select(["created_at", "decided_at"])
          .where("state", "=", "approved")
          .where("decided_at", ">=", dayStart)
          .where("decided_at", "<", asOf)
          .where(reportCase)
          .execute(),
        this.#terms(ofDay, later),
        db
          .selectFrom("cases")
          .select("doc")
          .where(ofDay)
          .where("intent", "=", q.suggestionIntent)
          .where(sql<boolean>`NOT ${later}`)
          .execute(),
        db.selectFrom("cases").select("doc").where("occurred_at", ">=", weekStart).where(later).execute(),
        db
          .selectFrom("cases")
          .select("doc")
          .where("escalated_at", "is not", null)
          .where("escalated_at", "<", asOf)
          .where("occurred_at", ">=", since)
          .execute(),
        db
          .selectFrom("cases")
          .select(["intent", "occurred_at"])
          .where("occurred_at", ">=", since)
          .where(reportCase)
          .execute(),
      ]);

    return {
      intents: intentRows.map((r) => ({
        intent: r.intent,
        count: Number(r.count),
        previousDay: Number(r.previous_day),
        week: Number(r.week),
      })),
      day: {
        total: Number(dayRow.total),
        approved: Number(dayRow.approved ?? 0),
        dismissed: Number(dayRow.dismissed ?? 0),
        edited: Number(dayRow.edited ?? 0),
        reclassified: Number(dayRow.reclassified ?? 0),
        unknown: Number(dayRow.unknown ?? 0),
      },
      approvals: approvals.map((r) => ({ createdAt: r.created_at, approvedAt: r.decided_at as string })),
      terms: termRows,
      suggestions: suggestions.map((r) => parseCase(r.doc)),
      reclassifiedLater: laterCases.map((r) => parseCase(r.doc)),
      escalated: escalated.map((r) => parseCase(r.doc)),
      times: times.map((r) => ({ intent: r.intent, occurredAt: r.occurred_at })),
    };
  }

  /** Keyword evidence for the case's own intent, counted per (intent, value) over the day's cases. */
  async #terms(
    ofDay: RawBuilder<boolean>,
    later: RawBuilder<boolean>,
  ): Promise<Array<{ intent: string; value: string; count: number }>> {
    const evidence =
      this.#dialect === "postgres"
        ? sql`json_array_elements(cases.doc::json #> '{classification,evidence}')`
        : sql`json_each(cases.doc, '$.classification.evidence')`;
    const field = (name: string) =>
      this.#dialect === "postgres" ? sql`(e.value ->> ${name})` : sql`json_extract(e.value, ${`$.${name}`})`;
    const r = await sql<{ intent: string; value: string; n: number }>`
      SELECT cases.intent AS intent, ${field("value")} AS value, count(*) AS n
      FROM cases CROSS JOIN ${evidence} AS e${this.#dialect === "postgres" ? sql`(value)` : sql``}
      WHERE ${ofDay} AND NOT ${later}
        AND ${field("kind")} = 'keyword' AND ${field("intent")} = cases.intent
      GROUP BY 1, 2`.execute(this.#db);
    return r.rows.map((row) => ({ intent: row.intent, value: String(row.value), count: Number(row.n) }));
  }
}
