/**
 * `npm start` as a user runs it: the built app (dist/, rebuilt first when src/ changed) in one
 * process that answers, reloads an edited pack through the bundled pack worker, and stops cleanly on
 * SIGTERM/SIGINT sent to the pid that was started, leaving no process, port or open database behind
 * (SQLite removes its write-ahead log when the last connection closes cleanly).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyPack, REPO, tempDir } from "../ops/helpers.js";

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function start(command: string, args: readonly string[], env: Record<string, string>): Promise<Started> {
  const base = { ...process.env };
  for (const key of Object.keys(base))
    if (key.startsWith("SLACK_") || key === "CONSOLE_PORT") delete base[key];
  // Its own process group, so the test can tell afterwards whether anything of it is still running.
  const child = spawn(command, [...args], { cwd: REPO, env: { ...base, ...env }, detached: true });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no console address within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Sincerely console: (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, output: () => output, exited });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving:\n${output}`));
    });
  });
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

describe("the app process", () => {
  let cleanup: (() => void) | undefined;
  let running: ChildProcess | undefined;
  afterEach(() => {
    // Only if a test failed half-way: stop what it started.
    if (running?.pid && groupAlive(running.pid)) process.kill(-running.pid, "SIGKILL");
    running = undefined;
    cleanup?.();
  });

  it.each([
    { how: "npm start, stopped by SIGTERM to npm's pid", command: "npm", args: ["start"], signal: "SIGTERM" },
    {
      how: "node scripts/start.js, stopped by SIGINT",
      command: process.execPath,
      args: ["scripts/start.js"],
      signal: "SIGINT",
    },
  ] as const)(
    "$how: serves, reloads an edit off-thread, and leaves nothing behind",
    async ({ command, args, signal }) => {
      const t = tempDir();
      cleanup = t.cleanup;
      const dirs = copyPack(t.dir);
      const dataDir = path.join(t.dir, "data");
      const app = await start(command, args, {
        PORT: "0",
        DATA_DIR: dataDir,
        INTENTS_DIR: dirs.intentsDir,
        REPLIES_DIR: dirs.repliesDir,
        LOG_LEVEL: "warn",
      });
      running = app.child;
      const pid = app.child.pid as number;

      const home = await fetch(app.url);
      expect(home.status).toBe(200);
      expect(fs.existsSync(path.join(dataDir, "sincerely.db-wal"))).toBe(true);

      // A saved edit is served by the running app (trained in the bundled worker, then swapped in).
      const praise = path.join(dirs.intentsDir, "praise.yaml");
      const text = fs.readFileSync(praise, "utf8");
      expect(text).toContain("title: { ko: 칭찬·감사, en: Praise }");
      fs.writeFileSync(
        praise,
        text.replace("title: { ko: 칭찬·감사, en: Praise }", "title: { ko: 쿼카칭찬, en: QuokkaPraise }"),
      );
      await vi.waitFor(
        async () => {
          const page = await (await fetch(new URL("/intents", app.url))).text();
          expect(page).toMatch(/쿼카칭찬|QuokkaPraise/);
        },
        { timeout: 60_000, interval: 200 },
      );

      process.kill(pid, signal);
      const code = await app.exited;
      expect(code, app.output()).toBe(0);
      await vi.waitFor(() => expect(groupAlive(pid)).toBe(false), { timeout: 10_000, interval: 100 });
      expect(await portOpen(app.url)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, "sincerely.db-wal"))).toBe(false);
      expect(app.output()).toContain(`${signal} received, stopping`);
    },
  );
});
