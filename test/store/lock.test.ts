import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { LOCK_NAME, lockDataDir, OWNER_NAME } from "../../src/store/lock.js";
import { makeCase, tempDir } from "./fixtures.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const lockModule = pathToFileURL(path.join(root, "src/store/lock.ts")).href;

const LOCKED =
  /^DATA_DIR (.+) is in use by another Sincerely process \(pid (\d+), since \d\d:\d\d\)\. Stop it or set DATA_DIR to another folder\.$/;

let dir: string;
let cleanup: () => void;
const children: ChildProcess[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir("sincerely-lock-"));
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  }
  cleanup();
});

/** Starts another Node process that takes the lock on `dataDir` and holds it until killed. */
async function holdLockInChild(dataDir: string): Promise<ChildProcess> {
  const script = path.join(dir, "..", `${path.basename(dir)}-child.mts`);
  fs.writeFileSync(
    script,
    `import { lockDataDir } from ${JSON.stringify(lockModule)};\n` +
      `await lockDataDir(${JSON.stringify(dataDir)});\n` +
      `console.log("locked");\nsetInterval(() => {}, 1000);\n`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      if (String(d).includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
  });
  fs.rmSync(script, { force: true });
  return child;
}

describe("the DATA_DIR lock", () => {
  it("refuses a second open in the same process, naming the holder", async () => {
    const first = await lockDataDir(dir);
    const err = await lockDataDir(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "locked" });
    const m = LOCKED.exec((err as Error).message);
    expect(m?.[1]).toBe(dir);
    expect(Number(m?.[2])).toBe(process.pid);
    await first.release();
  });

  it("shows DATA_DIR as the user wrote it", async () => {
    const relative = path.relative(process.cwd(), dir);
    const first = await lockDataDir(relative);
    await expect(lockDataDir(relative)).rejects.toThrow(`DATA_DIR ${relative} is in use`);
    await first.release();
  });

  it("can be taken again after release, and release cleans up", async () => {
    const first = await lockDataDir(dir);
    expect(fs.existsSync(path.join(dir, LOCK_NAME))).toBe(true);
    const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_NAME), "utf8"));
    expect(owner.pid).toBe(process.pid);
    await first.release();
    await first.release(); // twice is harmless
    expect(fs.existsSync(path.join(dir, LOCK_NAME))).toBe(false);
    expect(fs.existsSync(path.join(dir, OWNER_NAME))).toBe(false);
    const second = await lockDataDir(dir);
    await second.release();
  });

  it("refuses while another process holds it, with that process's pid", async () => {
    const child = await holdLockInChild(dir);
    const err = await lockDataDir(dir).catch((e: unknown) => e);
    const m = LOCKED.exec((err as Error).message);
    expect(m, String(err)).not.toBeNull();
    expect(Number(m?.[2])).toBe(child.pid);
  });

  it("takes over at once from a process that died without releasing", async () => {
    const child = await holdLockInChild(dir);
    const exited = new Promise((r) => child.on("exit", r));
    if (child.pid) process.kill(child.pid, "SIGKILL");
    await exited;
    expect(fs.existsSync(path.join(dir, LOCK_NAME))).toBe(true);
    const lock = await lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, OWNER_NAME), "utf8")).pid).toBe(process.pid);
    await lock.release();
  });
});

describe("openStore", () => {
  it("takes the lock first: a second open is refused until the first closes", async () => {
    const store = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(LOCKED);
    await store.close();
    const again = await openStore(dir);
    await again.close();
  });

  it("gives one kv instance per name, so writes to one file share a queue", async () => {
    const store = await openStore(dir);
    expect(store.kv("status", { a: 1 })).toBe(store.kv("status", { a: 1 }));
    await store.close();
  });

  it("waits for pending writes on close", async () => {
    const store = await openStore(dir);
    const c = makeCase("2026-11-22T05:00:00Z");
    const kv = store.kv("counter", { n: 0 });
    const writes = [
      store.cases.insert(c),
      kv.update((d) => {
        d.n = 1;
      }),
    ];
    await store.close();
    await Promise.all(writes);
    const again = await openStore(dir);
    expect((await again.cases.get(c.id))?.id).toBe(c.id);
    expect((await again.kv("counter", { n: 0 }).read()).n).toBe(1);
    await again.close();
  });
});
