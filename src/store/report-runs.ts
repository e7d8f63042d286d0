/**
 * Which daily reports were posted, one row per local date on a unique key: however many replicas
 * run, a date is claimed once. A claim is taken before posting and dropped again if the post fails.
 */
import type { Kysely } from "kysely";
import { isUniqueViolation } from "./case-store.js";
import type { Database } from "./schema.js";

export class ReportRuns {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, clock: () => Date = () => new Date()) {
    this.#db = db;
    this.#clock = clock;
  }

  /** True if `owner` now holds `date` (nobody posted or is posting it). */
  async claim(date: string, owner: string): Promise<boolean> {
    try {
      await this.#db
        .insertInto("report_runs")
        .values({ date, owner, posted_at: this.#clock().toISOString() })
        .execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Gives a claimed date back (the post failed), so the next tick tries again. */
  async unclaim(date: string, owner: string): Promise<void> {
    await this.#db.deleteFrom("report_runs").where("date", "=", date).where("owner", "=", owner).execute();
  }

  async posted(dates: string[]): Promise<Set<string>> {
    if (!dates.length) return new Set();
    const rows = await this.#db.selectFrom("report_runs").select("date").where("date", "in", dates).execute();
    return new Set(rows.map((r) => r.date));
  }
}
