/**
 * The console's live feed reads the database's change feed, so a case written by another process on
 * the same DATA_DIR (`sincerely triage`, a second replica) reaches a page that is already open.
 * Real HTTP (an SSE stream on `/events`), a real SQLite file (and a real PostgreSQL schema when
 * TEST_DATABASE_URL is set; required under CI=true), and a second runtime on the same database.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/cases/types.js";
import type { LiveChange } from "../../src/console/live.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";
import { type ConsoleHarness, startHarness } from "./support.js";

const triage: Actor = { id: "triage", name: "triage", via: "cli" };

/** An open `/events` stream that keeps every event it receives (with its id, when it has one). */
function openStream(base: string, headers: Record<string, string> = {}, path = "/events") {
  const events: Array<{ event: string; data: string; id?: string }> = [];
  let buffer = "";
  let request: http.ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    request = http.get(`${base}${path}`, { headers }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/event-stream");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const id = /^id: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push(id ? { event, data, id } : { event, data });
          end = buffer.indexOf("\n\n");
        }
      });
      resolve();
    });
    request.on("error", reject);
  });
  return { events, ready, close: () => request?.destroy() };
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(engines())("live updates from another process on the same database (%s)", (engine) => {
  let db: TestDatabase;
  let h: ConsoleHarness;
  let other: Runtime;

  beforeAll(async () => {
    db = testDatabase(engine);
    h = await startHarness(db.env());
    // A second runtime on the same DATA_DIR, as `sincerely triage` or a second replica opens it.
    other = await createRuntime(h.runtime.config);
  }, 60_000);

  afterAll(async () => {
    await other?.close();
    await h?.close();
    await db?.cleanup();
  });

  it("sends a case taken in by the other process, then its claim, to a page already open", async () => {
    const stream = openStream(h.base);
    await stream.ready;
    // The stream is live once its first counts arrived (the feed starts at the latest seq then).
    const firstCounts = await waitFor(
      () => stream.events.find((e) => e.event === "counts"),
      "the first counts",
    );
    const before = JSON.parse(firstCounts.data) as { pending: number };

    const { case: made } = await other.cases.intake({
      raw: "@telco 주문한 폰이 일주일째 배송이 안 와요. 주문번호 A-1234",
      source: { kind: "console" },
      actor: triage,
    });
    const created = await waitFor(
      () =>
        stream.events
          .filter((e) => e.event === "case")
          .map((e) => JSON.parse(e.data) as LiveChange)
          .find((c) => c.id === made.id && c.type === "created"),
      "the new case on the first server's stream",
    );
    expect(created).toMatchObject({ id: made.id, state: "pending", by: "triage", via: "cli" });
    // No customer text goes out on the stream.
    expect(stream.events.some((e) => e.data.includes("배송"))).toBe(false);
    // The counts follow: one more pending case.
    await waitFor(
      () =>
        stream.events.find(
          (e) =>
            e.event === "counts" &&
            (JSON.parse(e.data) as { pending: number }).pending === before.pending + 1,
        ),
      "the counts with the new case",
    );

    await other.cases.claim(made.id, { id: "lee", name: "Lee", via: "slack" });
    const claimed = await waitFor(
      () =>
        stream.events
          .filter((e) => e.event === "case")
          .map((e) => JSON.parse(e.data) as LiveChange)
          .find((c) => c.id === made.id && c.claim !== null),
      "the claim on the first server's stream",
    );
    expect(claimed.claim?.by).toBe("Lee");
    // Sent once: the change feed is the only source, so no duplicate of the creation.
    const creations = stream.events.filter(
      (e) => e.event === "case" && (JSON.parse(e.data) as LiveChange).type === "created",
    );
    expect(creations).toHaveLength(1);
    stream.close();
  }, 60_000);

  it("sends a reconnecting page (Last-Event-ID) what changed while it was away, and only then", async () => {
    const cases = (stream: ReturnType<typeof openStream>) =>
      stream.events
        .filter((e) => e.event === "case")
        .map((e) => ({ ...(JSON.parse(e.data) as LiveChange), seq: e.id }));
    const first = openStream(h.base);
    await first.ready;
    await waitFor(() => first.events.find((e) => e.event === "counts"), "the first counts");
    const { case: seen } = await other.cases.intake({
      raw: "@telco 요금제 바꾸고 싶어요",
      source: { kind: "console" },
      actor: triage,
    });
    const last = await waitFor(() => cases(first).find((c) => c.id === seen.id), "the case the page saw");
    expect(Number(last.seq)).toBeGreaterThan(0);
    first.close();

    // Away: one new case and a claim on the one it saw.
    const { case: missed } = await other.cases.intake({
      raw: "@telco 유심 개통이 안 돼요",
      source: { kind: "console" },
      actor: triage,
    });
    await other.cases.claim(seen.id, { id: "kim", name: "Kim", via: "slack" });

    const back = openStream(h.base, { "Last-Event-ID": String(last.seq) });
    await back.ready;
    await waitFor(
      () => cases(back).find((c) => c.id === missed.id && c.type === "created"),
      "the missed case",
    );
    const claim = await waitFor(
      () => cases(back).find((c) => c.id === seen.id && c.claim),
      "the missed claim",
    );
    expect(claim.claim?.by).toBe("Kim");
    expect(Number(claim.seq)).toBeGreaterThan(Number(last.seq));
    back.close();

    // A page opened afresh gets what changes from now on, not the history.
    const fresh = openStream(h.base);
    await fresh.ready;
    await waitFor(() => fresh.events.find((e) => e.event === "counts"), "the fresh page's counts");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(cases(fresh).filter((c) => c.id === missed.id)).toEqual([]);
    fresh.close();
  }, 60_000);

  it("ignores a Last-Event-ID that is not a feed seq (-1 would replay the whole history)", async () => {
    const stream = openStream(h.base, { "Last-Event-ID": "-1" });
    await stream.ready;
    await waitFor(() => stream.events.find((e) => e.event === "counts"), "the counts");
    await new Promise((r) => setTimeout(r, 1_200));
    expect(stream.events.filter((e) => e.event === "case")).toEqual([]);
    stream.close();
  }, 30_000);

  it("starts a page's stream at the seq the page was made at, so a change while it loads is sent", async () => {
    const seq = await h.runtime.store.cases.lastSeq();
    const page = await (await fetch(`${h.base}/`)).text();
    expect(page).toContain(`data-live-since="${seq}"`);
    // The page is made; before its script opens the stream, another process takes a case in.
    const { case: made } = await other.cases.intake({
      raw: "@telco 로밍 요금 얼마예요",
      source: { kind: "console" },
      actor: triage,
    });
    const stream = openStream(h.base, {}, `/events?since=${seq}`);
    await stream.ready;
    await waitFor(
      () =>
        stream.events.find((e) => e.event === "case" && (JSON.parse(e.data) as LiveChange).id === made.id),
      "the case taken in while the page loaded",
    );
    stream.close();
  }, 30_000);
});
