import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOps } from "../../src/ops/index.js";
import type { Runtime } from "../../src/runtime.js";
import { manualClock, minho, openRuntime, tempDir } from "./helpers.js";

describe("per-intent precision from staff corrections", () => {
  let runtime: Runtime;
  let cleanup: () => void;
  const clock = manualClock("2026-11-10T03:00:00Z");

  async function intake(raw: string, intent: string) {
    clock.advance(1);
    const { case: c } = await runtime.cases.intake({ raw, source: { kind: "console" }, actor: minho });
    expect(c.classification.intent, raw).toBe(intent); // precondition on the pack
    return c.id;
  }

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    runtime = await openRuntime(t.dir, clock.now);
    // Decided ten days before "now": outside the 7 days.
    const old = await intake("요금 고지서가 이메일로 안 와요", "tariff-question");
    await runtime.cases.reclassify(old, minho, "general-complaint");
    await runtime.cases.approve(old, minho);

    clock.set("2026-11-18T03:00:00Z");
    // tariff-question: 3 decided, 1 moved away → 2/3.
    for (const text of ["청소년 데이터 요금제 있나요?", "요금제 변경하면 위약금 있나요?"]) {
      await runtime.cases.approve(await intake(text, "tariff-question"), minho);
    }
    const moved = await intake("요금 고지서가 이메일로 안 와요", "tariff-question");
    await runtime.cases.reclassify(moved, minho, "general-complaint");
    await runtime.cases.approve(moved, minho);
    // delay-complaint: one dismissed (kept), one moved away and back (kept), one pending (not decided).
    await runtime.cases.dismiss(
      await intake("배송 지연 너무 심하네요 일주일째", "delay-complaint"),
      minho,
      "duplicate",
    );
    const back = await intake("택배 배송 오늘 온다더니 감감무소식", "delay-complaint");
    await runtime.cases.reclassify(back, minho, "general-complaint");
    await runtime.cases.reclassify(back, minho, "delay-complaint");
    await runtime.cases.approve(back, minho);
    await intake("아이폰 배송 언제 되나요? 예약했는데", "delay-complaint");
    clock.set("2026-11-20T03:00:00Z");
  }, 60_000);

  afterAll(async () => {
    await runtime.close();
    cleanup();
  });

  it("counts decided cases whose intent staff kept, over the last 7 days", async () => {
    const ops = await startOps(runtime, { watch: false, intervalMs: 3_600_000 });
    try {
      const rows = await ops.precision();
      const row = (intent: string) => rows.find((r) => r.intent === intent);
      expect(row("tariff-question")).toMatchObject({ decided: 3, kept: 2, precision: 0.667 });
      expect(row("delay-complaint")).toMatchObject({ decided: 2, kept: 2, precision: 1 });
      // Staff moved cases *to* general-complaint; its own precision has nothing decided.
      expect(row("general-complaint")).toMatchObject({ decided: 0, kept: 0, precision: null });
      expect(row("praise")?.title.en).toBe("Praise");
    } finally {
      await ops.stop();
    }
  });
});
