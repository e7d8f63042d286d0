/** The console on a pack named by PACK_DIR: its intents page counts the pack's own test sentences. */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type ConsoleHarness, REPO, startHarness } from "./support.js";

let h: ConsoleHarness;

beforeAll(async () => {
  // INTENTS_DIR/REPLIES_DIR emptied, so PACK_DIR decides (the harness sets them by default).
  h = await startHarness({
    PACK_DIR: path.join(REPO, "test/fixtures/airline"),
    INTENTS_DIR: "",
    REPLIES_DIR: "",
  });
});

afterAll(async () => {
  await h?.close();
});

describe("PACK_DIR", () => {
  it("loads the pack with its tests/ folder, and the intents page shows each intent's test sentences", async () => {
    const pack = h.runtime.engines.engine.pack;
    expect(pack.intents.map((i) => i.id)).toContain("flight-delay");
    expect(pack.tests.get("flight-delay")).toHaveLength(2);
    const page = await new Client(h.base).get("/intents");
    expect(page.status).toBe(200);
    const row = page.text.slice(page.text.indexOf('<tr data-intent="flight-delay">'));
    const cells = [...row.slice(0, row.indexOf("</tr>")).matchAll(/<td class="num">(\d+)<\/td>/g)].map(
      (m) => m[1],
    );
    // keywords, examples, test sentences
    expect(cells).toEqual(["4", "12", "2"]);
    // No threshold in its settings.yaml: the one cross-validation chose is shown.
    expect(page.text).toContain(`${h.runtime.engines.engine.threshold} (cross-validated)`);
  });
});
