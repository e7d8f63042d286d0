/**
 * The real app (`src/app.ts`) as a child process, for crash tests: started with node + tsx (so a
 * SIGKILL hits the app itself, not a wrapper), on port 0, against the Slack API stand-in, on the care
 * fixture pack (test/fixtures/care). Resolves once it prints the address it listens on.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { CARE_INTENTS, CARE_REPLIES } from "./care-pack.js";
import { SIGNING_SECRET } from "./slack-harness.js";
import { SlackRequester } from "./slack-requests.js";

const REPO = path.resolve(import.meta.dirname, "../..");

export interface AppProcess {
  child: ChildProcess;
  url: string;
  requests: SlackRequester;
  output: () => string;
  /** Resolves with the exit code / signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/app.ts"], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: "0",
      INTENTS_DIR: CARE_INTENTS,
      REPLIES_DIR: CARE_REPLIES,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /Sincerely Slack app: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", check);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`app exited (${code ?? signal}) before it started:\n${out}`));
    });
  });
  return {
    child,
    url,
    requests: new SlackRequester(
      url.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1"),
      SIGNING_SECRET,
    ),
    output: () => out,
    exited,
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
