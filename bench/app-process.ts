/**
 * The built Slack app as a user starts it (`node scripts/start.js`, i.e. `npm start` without npm) in
 * its own process, on a free port, with the Web API pointed at a local Slack stand-in: for the
 * start-up, reload and load benchmarks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { msSince, REPO } from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const BENCH_SIGNING_SECRET = "bench-signing-secret";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface App {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Resolves at the first output line (from now on) that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

/** `node scripts/start.js` as the Slack app on a free port; resolves when /health answers 200. */
export async function startApp(
  env: Record<string, string>,
  slackApiUrl: string,
  readyTimeoutMs = 120_000,
  /** Node options for the app's process (e.g. `--cpu-prof` to profile it). */
  nodeArgs: string[] = [],
): Promise<{ app: App; readyMs: number }> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, "scripts/start.js"], {
    cwd: REPO,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: "xoxb-bench-token",
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: slackApiUrl,
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void; from: number }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const match = w.pattern.exec(output.slice(w.from));
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match[0]);
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const app: App = {
    child,
    port,
    output: () => output,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          from: output.length,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited before it was ready:\n${output}`);
    if (msSince(start) > readyTimeoutMs) {
      await app.stop();
      throw new Error(`the app was not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return { app, readyMs: msSince(start) };
    } catch {
      // Not listening yet.
    }
    await sleep(5);
  }
}
