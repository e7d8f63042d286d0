import fs from "node:fs";
import path from "node:path";
import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { EVENTS_PATH } from "../../src/slack/app.js";
import type { SlackDeps } from "../../src/slack/intake.js";
import { registerListeners } from "../../src/slack/listeners/index.js";

const manifest = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, "../../manifest.json"), "utf8"),
);

/** What the app registers, recorded by a stand-in for Bolt's App. */
function registered() {
  const seen = {
    commands: [] as string[],
    shortcuts: [] as unknown[],
    events: [] as string[],
    actions: [] as unknown[],
    views: [] as unknown[],
  };
  const app = {
    command: (name: string) => seen.commands.push(name),
    shortcut: (c: unknown) => seen.shortcuts.push(c),
    event: (name: string) => seen.events.push(name),
    action: (c: unknown) => seen.actions.push(c),
    view: (c: unknown) => seen.views.push(c),
  } as unknown as App;
  registerListeners(app, {} as SlackDeps);
  return seen;
}

describe("manifest.json", () => {
  const seen = registered();

  it("declares every slash command the app handles", () => {
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(seen.commands.length).toBeGreaterThan(0);
    for (const command of seen.commands) expect(declared).toContain(command);
  });

  it("declares the message shortcut with the callback_id the app listens for", () => {
    expect(seen.shortcuts).toContainEqual({ callback_id: "draft_reply", type: "message_action" });
    expect(manifest.features.shortcuts).toContainEqual(
      expect.objectContaining({ name: "Draft a reply", type: "message", callback_id: "draft_reply" }),
    );
  });

  it("subscribes to every event the app listens to", () => {
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    for (const event of seen.events) {
      if (event === "message") expect(events).toContain("message.channels");
      else expect(events).toContain(event);
    }
  });

  it("sends commands, events and interactivity to the receiver's path, and turns on interactivity and App Home", () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("asks for the scopes the app's calls need", () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    // chat.postMessage/update/postEphemeral, users.info, app_mention, message.channels, /reply + shortcut,
    // files.uploadV2 (the daily report's chart)
    for (const scope of [
      "chat:write",
      "users:read",
      "app_mentions:read",
      "channels:history",
      "commands",
      "files:write",
    ]) {
      expect(scopes).toContain(scope);
    }
  });
});
