import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STATUS_DEFAULTS, StatusLines } from "../../src/cases/status-lines.js";
import { KvStore } from "../../src/store/kv-store.js";
import { tempDir } from "../store/fixtures.js";

let dir: string;
let cleanup: () => void;
let now: Date;
const clock = () => now;
const minho = { id: "U-MINHO", name: "Minho", via: "slack" as const };

beforeEach(() => {
  ({ dir, cleanup } = tempDir("sincerely-status-"));
  now = new Date("2026-11-22T05:03:00Z");
});
afterEach(() => cleanup());

function open(): StatusLines {
  return new StatusLines(new KvStore(dir, "status", STATUS_DEFAULTS), clock);
}

describe("live status lines", () => {
  it("are set per intent with who and when, and survive a restart", async () => {
    const set = await open().set("delivery-delay", "  1차 물량 배송 중 ", minho);
    expect(set).toEqual({
      intent: "delivery-delay",
      text: "1차 물량 배송 중",
      setAt: "2026-11-22T05:03:00.000Z",
      setBy: "Minho",
    });
    expect(await open().get("delivery-delay")).toEqual(set);
    expect(await open().get("praise")).toBeUndefined();
  });

  it("replace the earlier line for the same intent and list newest first", async () => {
    const lines = open();
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
    const lines = open();
    await lines.set("delivery-delay", "접수 중", minho);
    await lines.set("wifi-rumor", "확인 중", minho);
    expect(await lines.set("delivery-delay", "   ", minho)).toBeUndefined();
    await lines.clear("wifi-rumor");
    expect(await open().list()).toEqual([]);
  });
});
