/**
 * Entry point: config → shared runtime → operations (surges, report, live reload) → the Slack app
 * (when Slack credentials are set) and/or the local console (always without Slack; with Slack when
 * CONSOLE_PORT is set, for admins).
 */
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { startConsole } from "./console/server.js";
import { startOps } from "./ops/index.js";
import { createRuntime } from "./runtime.js";
import { startSlackApp } from "./slack/app.js";
import { slackOpsHooks } from "./slack/ops-hooks.js";

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const runtime = await createRuntime(config);
  const stops: Array<() => Promise<void>> = [];

  // Posting surges, reports and reload errors needs only a Web API client, so the hooks exist before
  // the Bolt app does; the app then gets `ops` for its buttons and App Home.
  const ops = await startOps(runtime, {
    ...(config.slackEnabled ? slackOpsHooks(config) : {}),
    onError: (error) => console.error("Sincerely:", error instanceof Error ? error.message : error),
  });
  stops.push(ops.stop);

  if (config.slackEnabled) {
    const slack = await startSlackApp(runtime, { ops });
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

  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
