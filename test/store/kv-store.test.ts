import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEDUPE_DEFAULTS, type DedupeData, DedupeLog } from "../../src/store/dedupe.js";
import { KvStore } from "../../src/store/kv-store.js";
import { tempDir } from "./fixtures.js";

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe("KvStore", () => {
  it("starts from the defaults without writing a file", async () => {
    const kv = new KvStore(dir, "status", { statuses: {} as Record<string, string> });
    expect(await kv.read()).toEqual({ statuses: {} });
    expect(fs.existsSync(path.join(dir, "status.json"))).toBe(false);
  });

  it("persists updates to DATA_DIR/<name>.json, read back by a new instance", async () => {
    const kv = new KvStore(dir, "surges", { count: 0, names: [] as string[] });
    const result = await kv.update((d) => {
      d.count = 2;
      d.names.push("delay");
      return "done";
    });
    expect(result).toBe("done");
    await kv.close();

    const again = new KvStore(dir, "surges", { count: 0, names: [] as string[] });
    expect(await again.read()).toEqual({ count: 2, names: ["delay"] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "surges.json"), "utf8"))).toEqual({
      count: 2,
      names: ["delay"],
    });
  });

  it("serializes concurrent updates, so none is lost", async () => {
    const kv = new KvStore(dir, "counter", { n: 0 });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        kv.update(async (d) => {
          const seen = d.n;
          await new Promise((r) => setTimeout(r, 1));
          d.n = seen + 1;
        }),
      ),
    );
    expect((await kv.read()).n).toBe(50);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "counter.json"), "utf8")).n).toBe(50);
  });

  it("changes nothing when the update function throws", async () => {
    const kv = new KvStore(dir, "doc", { n: 1 });
    await kv.update((d) => {
      d.n = 2;
    });
    await expect(
      kv.update((d) => {
        d.n = 99;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await kv.read()).n).toBe(2);
  });

  it("gives copies: mutating what read() returned changes nothing", async () => {
    const kv = new KvStore(dir, "doc", { list: [1] });
    const data = await kv.read();
    data.list.push(2);
    expect((await kv.read()).list).toEqual([1]);
  });

  it("fills keys added to the defaults later", async () => {
    fs.writeFileSync(path.join(dir, "doc.json"), JSON.stringify({ a: 1 }));
    const kv = new KvStore(dir, "doc", { a: 0, b: "new" });
    expect(await kv.read()).toEqual({ a: 1, b: "new" });
  });

  it("names a malformed file in the error and never overwrites it", async () => {
    const file = path.join(dir, "status.json");
    fs.writeFileSync(file, "{ not json");
    const kv = new KvStore(dir, "status", { statuses: {} });
    await expect(kv.read()).rejects.toThrow(file);
    await expect(kv.update(() => {})).rejects.toMatchObject({ code: "malformed", file });
    expect(fs.readFileSync(file, "utf8")).toBe("{ not json");
  });

  it("refuses names that could escape DATA_DIR", () => {
    expect(() => new KvStore(dir, "../etc/passwd", {})).toThrow(/not a valid store name/);
  });
});

describe("DedupeLog", () => {
  it("remembers a key for a day, across instances, then forgets it", async () => {
    let now = new Date("2026-11-22T05:00:00Z");
    const clock = () => now;
    const log = new DedupeLog(new KvStore<DedupeData>(dir, "dedupe", DEDUPE_DEFAULTS), { clock });
    expect(await log.claim("Ev1", "c1")).toEqual({ fresh: true });
    expect(await log.claim("Ev1", "c2")).toEqual({ fresh: false, value: "c1" });

    const reopened = new DedupeLog(new KvStore<DedupeData>(dir, "dedupe", DEDUPE_DEFAULTS), { clock });
    expect(await reopened.get("Ev1")).toBe("c1");

    now = new Date("2026-11-23T05:00:01Z");
    expect(await reopened.get("Ev1")).toBeUndefined();
    await reopened.put("Ev2", "c3");
    const stored = JSON.parse(fs.readFileSync(path.join(dir, "dedupe.json"), "utf8")) as DedupeData;
    expect(Object.keys(stored.keys)).toEqual(["Ev2"]);
  });

  it("lets exactly one of many concurrent claims of the same key win", async () => {
    const log = new DedupeLog(new KvStore<DedupeData>(dir, "dedupe", DEDUPE_DEFAULTS));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => log.claim("Ev", `c${i}`)));
    expect(results.filter((r) => r.fresh)).toHaveLength(1);
  });
});
