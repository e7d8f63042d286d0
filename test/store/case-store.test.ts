import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaseStore, dayOfCaseId, newCaseId } from "../../src/store/case-store.js";
import { StoreError } from "../../src/store/errors.js";
import { makeCase, partitionFile, tempDir } from "./fixtures.js";

let dir: string;
let cleanup: () => void;
let store: CaseStore;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  store = await CaseStore.open(dir);
});

afterEach(async () => {
  await store.close();
  cleanup();
});

describe("case ids", () => {
  it("encode the UTC date and time of creation", () => {
    const id = newCaseId(new Date("2026-11-22T14:30:05.123Z"));
    expect(id).toMatch(/^c20261122-143005-[a-z0-9]{4}$/);
    expect(dayOfCaseId(id)).toBe("2026-11-22");
  });

  it("use the UTC day, not the local one", () => {
    // 08:00 in Seoul on the 23rd is still the 22nd in UTC.
    expect(dayOfCaseId(newCaseId(new Date("2026-11-23T08:00:00+09:00")))).toBe("2026-11-22");
  });

  it("say nothing about ids in another format", () => {
    expect(dayOfCaseId("case-42")).toBeUndefined();
  });
});

describe("CaseStore", () => {
  it("keeps a pending case across close and reopen", async () => {
    const c = makeCase("2026-11-22T05:03:00Z");
    await store.insert(c);
    await store.close();

    store = await CaseStore.open(dir);
    const again = await store.get(c.id);
    expect(again).toEqual(c);
    expect(again?.state).toBe("pending");
  });

  it("writes each case into the file of its UTC creation day", async () => {
    const c = makeCase("2026-11-22T23:59:59Z");
    await store.insert(c);
    const onDisk = JSON.parse(fs.readFileSync(partitionFile(dir, "2026-11-22"), "utf8"));
    expect(onDisk.cases.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it("rewrites only the day of the changed case and leaves other days untouched", async () => {
    const old = makeCase("2026-11-20T10:00:00Z");
    const today = makeCase("2026-11-22T10:00:00Z");
    await store.insert(old);
    await store.insert(today);
    const oldFile = partitionFile(dir, "2026-11-20");
    const before = { text: fs.readFileSync(oldFile, "utf8"), mtime: fs.statSync(oldFile).mtimeMs };
    const inode = fs.statSync(oldFile).ino;

    await new Promise((r) => setTimeout(r, 20));
    await store.update({ ...today, state: "dismissed" });
    await store.insert(makeCase("2026-11-22T11:00:00Z"));

    expect(fs.readFileSync(oldFile, "utf8")).toBe(before.text);
    expect(fs.statSync(oldFile).mtimeMs).toBe(before.mtime);
    // An atomic rewrite would replace the file (new inode); an untouched file keeps its own.
    expect(fs.statSync(oldFile).ino).toBe(inode);
    const todayOnDisk = JSON.parse(fs.readFileSync(partitionFile(dir, "2026-11-22"), "utf8"));
    expect(todayOnDisk.cases).toHaveLength(2);
    expect(todayOnDisk.cases[0].state).toBe("dismissed");
  });

  it("replaces the whole case on update", async () => {
    const c = makeCase("2026-11-22T05:00:00Z", { card: { channel: "C1", ts: "1.1" } });
    await store.insert(c);
    const { card: _card, ...withoutCard } = c;
    await store.update({ ...withoutCard, intent: "praise" });
    const got = await store.get(c.id);
    expect(got?.intent).toBe("praise");
    expect(got?.card).toBeUndefined();
  });

  it("hands out copies, so changing a returned case does not change the store", async () => {
    const c = makeCase("2026-11-22T05:00:00Z");
    await store.insert(c);
    const got = await store.get(c.id);
    if (!got) throw new Error("missing");
    got.state = "approved";
    c.state = "dismissed";
    expect((await store.get(c.id))?.state).toBe("pending");
  });

  it("refuses an id that is already stored and an update of an unknown id", async () => {
    const c = makeCase("2026-11-22T05:00:00Z");
    await store.insert(c);
    await expect(store.insert(c)).rejects.toMatchObject({ code: "duplicate-id" });
    await expect(store.update(makeCase("2026-11-22T06:00:00Z"))).rejects.toMatchObject({ code: "not-found" });
  });

  it("refuses a case whose id names another day than its createdAt", async () => {
    const c = makeCase("2026-11-22T05:00:00Z", { createdAt: "2026-11-21T05:00:00.000Z" });
    await expect(store.insert(c)).rejects.toMatchObject({ code: "invalid-case" });
  });

  it("returns undefined for an unknown id without creating a file", async () => {
    expect(await store.get(newCaseId(new Date("2026-01-01T00:00:00Z")))).toBeUndefined();
    expect(await store.get("no-such-case")).toBeUndefined();
    expect(fs.readdirSync(`${dir}/cases`)).toEqual([]);
  });

  it("loses nothing when many cases are inserted and updated at once on the same day", async () => {
    const cases = Array.from({ length: 40 }, (_, i) =>
      makeCase(`2026-11-22T05:${String(i).padStart(2, "0")}:00Z`),
    );
    await Promise.all(cases.map((c) => store.insert(c)));
    await Promise.all(cases.map((c, i) => store.update({ ...c, department: `dept-${i}` })));
    await store.close();

    store = await CaseStore.open(dir);
    const all = await store.list();
    expect(all).toHaveLength(40);
    for (const [i, c] of cases.entries()) {
      expect((await store.get(c.id))?.department).toBe(`dept-${i}`);
    }
  });

  it("stays correct when it may only keep one day in memory", async () => {
    await store.close();
    store = await CaseStore.open(dir, { maxCachedPartitions: 1 });
    const cases = ["2026-11-20", "2026-11-21", "2026-11-22"].flatMap((day) =>
      Array.from({ length: 5 }, (_, i) => makeCase(`${day}T0${i}:00:00Z`)),
    );
    // Each case's update arrives while other days still have queued work: an evicted busy day
    // would be loaded a second time and the two copies would overwrite each other.
    await Promise.all(
      cases.map(async (c) => {
        await store.insert(c);
        await store.update({ ...c, state: "approved" });
      }),
    );
    await store.close();
    store = await CaseStore.open(dir);
    const all = await store.list();
    expect(all).toHaveLength(15);
    expect(all.every((c) => c.state === "approved")).toBe(true);
  });

  describe("list", () => {
    const a = makeCase("2026-11-20T10:00:00Z", { intent: "praise" });
    const b = makeCase("2026-11-21T09:00:00Z", { state: "approved" });
    const c = makeCase("2026-11-21T15:00:00Z");
    const d = makeCase("2026-11-22T01:00:00Z", { intent: "praise", state: "dismissed" });

    beforeEach(async () => {
      for (const x of [c, a, d, b]) await store.insert(x);
    });

    it("returns every case newest first", async () => {
      expect((await store.list()).map((x) => x.id)).toEqual([d.id, c.id, b.id, a.id]);
    });

    it("filters by state and by intent", async () => {
      expect((await store.list({ state: "pending" })).map((x) => x.id)).toEqual([c.id, a.id]);
      expect((await store.list({ intent: "praise" })).map((x) => x.id)).toEqual([d.id, a.id]);
    });

    it("filters by time: since inclusive, until exclusive", async () => {
      const got = await store.list({
        since: "2026-11-21T09:00:00Z",
        until: new Date("2026-11-22T01:00:00Z"),
      });
      expect(got.map((x) => x.id)).toEqual([c.id, b.id]);
    });

    it("stops at the limit", async () => {
      expect((await store.list({ limit: 2 })).map((x) => x.id)).toEqual([d.id, c.id]);
    });
  });

  it("finds a case by its escalation thread, also after a reopen", async () => {
    const c = makeCase("2026-11-21T05:00:00Z");
    await store.insert(c);
    await store.insert(makeCase("2026-11-22T05:00:00Z"));
    const escalation = {
      department: "logistics",
      at: "2026-11-21T06:00:00.000Z",
      by: { id: "U1", via: "slack" as const },
      channel: "C-LOG",
      threadTs: "1700000000.000100",
      replies: [],
    };
    await store.update({ ...c, escalation });
    expect((await store.findByEscalationThread("C-LOG", "1700000000.000100"))?.id).toBe(c.id);
    await store.close();

    store = await CaseStore.open(dir);
    expect((await store.findByEscalationThread("C-LOG", "1700000000.000100"))?.id).toBe(c.id);
    expect(await store.findByEscalationThread("C-LOG", "1700000000.999999")).toBeUndefined();
    expect(await store.findByEscalationThread("C-OTHER", "1700000000.000100")).toBeUndefined();
  });

  describe("a malformed day file", () => {
    const day = "2026-11-21";
    const broken = '{ "version": 1, "cases": [ {"id": "c20261121-050000-aaaa", ';
    const id = "c20261121-050000-aaaa";

    beforeEach(() => {
      fs.writeFileSync(partitionFile(dir, day), broken);
    });

    it("gives an error that names the file", async () => {
      const err = await store.get(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: "malformed", file: partitionFile(dir, day) });
      expect((err as Error).message).toContain(partitionFile(dir, day));
      expect((err as Error).message).toContain("will not overwrite it");
    });

    it("is never overwritten, not even by an insert on its day", async () => {
      await expect(store.insert(makeCase(`${day}T07:00:00Z`))).rejects.toMatchObject({ code: "malformed" });
      await expect(store.list()).rejects.toMatchObject({ code: "malformed" });
      expect(fs.readFileSync(partitionFile(dir, day), "utf8")).toBe(broken);
    });

    it("does not stop other days from working", async () => {
      const other = makeCase("2026-11-22T05:00:00Z");
      await store.insert(other);
      expect((await store.get(other.id))?.id).toBe(other.id);
    });

    it("works again once the file is fixed by hand", async () => {
      await expect(store.get(id)).rejects.toMatchObject({ code: "malformed" });
      fs.writeFileSync(partitionFile(dir, day), JSON.stringify({ version: 1, day, cases: [] }));
      expect(await store.get(id)).toBeUndefined();
    });

    it("is also refused when it is valid JSON of the wrong shape", async () => {
      fs.writeFileSync(partitionFile(dir, day), "[1, 2, 3]");
      await expect(store.get(id)).rejects.toMatchObject({ code: "malformed" });
      expect(fs.readFileSync(partitionFile(dir, day), "utf8")).toBe("[1, 2, 3]");
    });
  });

  it("refuses use after close", async () => {
    await store.close();
    await expect(store.get(newCaseId(new Date()))).rejects.toMatchObject({ code: "closed" });
  });
});
