/**
 * Entry point: config → shared runtime → Slack app (when Slack credentials are set) and/or the local
 * console (always without Slack; with Slack when CONSOLE_PORT is set, for admins).
 */
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { startConsole } from "./console/server.js";
import { createRuntime } from "./runtime.js";
import { startSlackApp } from "./slack/app.js";

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const runtime = await createRuntime(config);
  const stops: Array<() => Promise<void>> = [];

  if (config.slackEnabled) {
    const slack = await startSlackApp(runtime);
    stops.push(slack.stop);
  }
  if (!config.slackEnabled || config.CONSOLE_PORT !== undefined) {
    const port = config.slackEnabled ? (config.CONSOLE_PORT as number) : (config.CONSOLE_PORT ?? config.PORT);
    const web = await startConsole(runtime, { port, host: config.CONSOLE_HOST });
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
