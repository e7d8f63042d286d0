import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StatusLines } from "../../src/cases/status-lines.js";
import { openStore, type Store } from "../../src/store/index.js";
import { tempDir } from "../store/fixtures.js";

let dir: string;
let cleanup: () => void;
let stores: Store[] = [];
let now: Date;
const clock = () => now;
const minho = { id: "U-MINHO", name: "Minho", via: "slack" as const };

beforeEach(() => {
  ({ dir, cleanup } = tempDir("sincerely-status-"));
  now = new Date("2026-11-22T05:03:00Z");
});
afterEach(async () => {
  for (const s of stores) await s.close();
  stores = [];
  cleanup();
});

/** A new store on the same DATA_DIR each time: what a restart would see. */
async function open(): Promise<StatusLines> {
  const store = await openStore(dir, { clock });
  stores.push(store);
  return new StatusLines(store.statusLines, clock);
}

describe("live status lines", () => {
  it("are set per intent with who and when, and survive a restart", async () => {
    const set = await (await open()).set("delivery-delay", "  1차 물량 배송 중 ", minho);
    expect(set).toEqual({
      intent: "delivery-delay",
      text: "1차 물량 배송 중",
      setAt: "2026-11-22T05:03:00.000Z",
      setBy: "Minho",
    });
    expect(await (await open()).get("delivery-delay")).toEqual(set);
    expect(await (await open()).get("praise")).toBeUndefined();
  });

  it("replace the earlier line for the same intent and list newest first", async () => {
    const lines = await open();
    await lines.set("delivery-delay", "접수 중", minho);
    now = new Date("2026-11-22T06:00:00Z");
    await lines.set("wifi-rumor", "사실 확인 중", minho);
    now = new Date("2026-11-22T07:00:00Z");
    await lines.set("delivery-delay", "출고 완료", minho);
    expect((await lines.list()).map((s) => `${s.intent}=${s.text}`)).toEqual([
      "delivery-delay=출고 완료",
      "wifi-rumor=사실 확인 중",
    ]);
  });

  it("are cleared by empty text or clear()", async () => {
    const lines = await open();
    await lines.set("delivery-delay", "접수 중", minho);
    await lines.set("wifi-rumor", "확인 중", minho);
    expect(await lines.set("delivery-delay", "   ", minho)).toBeUndefined();
    await lines.clear("wifi-rumor");
    expect(await (await open()).list()).toEqual([]);
  });
});
