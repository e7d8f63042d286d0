import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { makeCase } from "../store/fixtures.js";
import { Client, type ConsoleHarness, startHarness, tickingClock } from "./support.js";

// The queue's search over all history: a common word counts "1000+" and pages by the search index.
describe("searching the queue", () => {
  let h: ConsoleHarness;
  let client: Client;
  let cases: Case[];

  beforeAll(async () => {
    h = await startHarness({}, { clock: tickingClock() });
    client = new Client(h.base);
    cases = Array.from({ length: 1003 }, (_, i) =>
      makeCase(new Date(Date.parse("2026-11-20T00:00:00Z") + i * 60_000).toISOString(), {
        ...(i % 3 ? { state: "approved" as const } : {}),
        mention: { text: `주문 ${i}번 배송이 늦어요`, handle: `c${i}` },
      }),
    );
    await h.runtime.store.cases.insertMany(cases);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows a common word's count as 1000+ and pages through its matches", async () => {
    const first = await client.get(`/queue?q=${encodeURIComponent("배송")}&state=any&order=newest`);
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/data-queue-total>1000\+건</);
    const ids = (text: string) => [...text.matchAll(/href="\/cases\/(c[0-9a-z-]+)"/g)].map((m) => m[1]);
    const onFirst = [...new Set(ids(first.text))];
    expect(onFirst[0]).toBe(cases[cases.length - 1]?.id);
    const next = /href="([^"]*after=[^"]+)"[^>]*data-next-page/
      .exec(first.text)?.[1]
      ?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await client.get(next as string);
    const onSecond = [...new Set(ids(second.text))];
    expect(onSecond.length).toBeGreaterThan(0);
    expect(onSecond.filter((id) => onFirst.includes(id))).toEqual([]);
  });

  it("counts exactly below the cap", async () => {
    const page = await client.get(`/queue?q=${encodeURIComponent("1000번")}&state=any`);
    expect(page.text).toMatch(/data-queue-total>1건</);
  });
});
