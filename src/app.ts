/**
 * Entry point: config → shared runtime → operations (surges, report, live reload) → the Slack app
 * (when Slack credentials are set) and/or the local console (always without Slack; with Slack when
 * CONSOLE_PORT is set, for admins).
 */
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { startConsole } from "./console/server.js";
import { startOps } from "./ops/index.js";
import { createRuntime } from "./runtime.js";

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const runtime = await createRuntime(config);
  const stops: Array<() => Promise<void>> = [];
  // Loaded only with Slack credentials: Bolt brings Express, Socket Mode and undici (about half a
  // second of start-up) that the console alone never uses.
  const slackModules = config.slackEnabled
    ? await Promise.all([import("./slack/app.js"), import("./slack/ops-hooks.js")])
    : undefined;

  // Posting surges, reports and reload errors needs only a Web API client, so the hooks exist before
  // the Bolt app does; the app then gets `ops` for its buttons and App Home.
  const ops = await startOps(runtime, {
    ...(slackModules ? slackModules[1].slackOpsHooks(config) : {}),
    onError: (error) => console.error("Sincerely:", error instanceof Error ? error.message : error),
  });
  stops.push(ops.stop);

  if (slackModules) {
    const slack = await slackModules[0].startSlackApp(runtime, { ops });
    stops.push(slack.stop);
    console.log(`Sincerely Slack app: ${slack.url ?? "Socket Mode"}`);
  }
  if (!config.slackEnabled || config.CONSOLE_PORT !== undefined) {
    const port = config.slackEnabled ? (config.CONSOLE_PORT as number) : (config.CONSOLE_PORT ?? config.PORT);
    const web = await startConsole(runtime, { port, host: config.CONSOLE_HOST, ops });
    stops.push(web.stop);
    console.log(
      `Sincerely console: ${web.url}${config.slackEnabled ? "" : "  (no Slack credentials set: see README to connect Slack)"}`,
    );
  }

  onStopSignal(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.close();
  });
}

/** A stop that takes longer than this (a stuck connection, a hung store) is cut short. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * SIGINT (Ctrl-C) and SIGTERM (`kill <pid>`, a service manager, `npm start` stopped by its pid) stop
 * the app cleanly: HTTP servers closed, the pack worker stopped, the store closed and the DATA_DIR
 * lock released, then exit 0. A second signal, or a stop that hangs, exits at once with 1.
 */
function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`Sincerely: ${signal} received, stopping.`);
    setTimeout(() => {
      console.error(`Sincerely: stopping took longer than ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Sincerely: stopping failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
