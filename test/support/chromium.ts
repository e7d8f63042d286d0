/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download browsers
 * here). The flags keep it from reaching for the network, which this machine refuses.
 */
import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const INSTALL_HINT = `${CHROMIUM_PATH} not found. Install it with: apt-get install -y chromium`;
/**
 * Whether the browser tests can run. Locally they skip with a message without Chromium; under
 * CI=true a missing browser fails the test files that need it, as a missing PostgreSQL does.
 */
export const hasChromium = chromiumAvailable();

function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === "true")
    throw new Error(`CI=true but ${INSTALL_HINT} (browser tests must run in CI: .ci/run installs it).`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
