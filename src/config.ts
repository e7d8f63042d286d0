/**
 * Configuration from the environment (and `.env` when present), validated with zod at start.
 * A missing or malformed value stops the app with one line naming the variable.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { resolvePackDirs } from "./pack/dirs.js";

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const timezone = z
  .string()
  .default("Asia/Seoul")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Seoul");

export const configSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalText.refine(
      (v) => v === undefined || v.startsWith("xoxb-"),
      "must start with xoxb-",
    ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine(
      (v) => v === undefined || v.startsWith("xapp-"),
      "must start with xapp-",
    ),
    SLACK_API_URL: optionalText.refine(
      (v) => v === undefined || /^https?:\/\//.test(v),
      "must be an http(s) URL",
    ),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    CONSOLE_HOST: z.string().default("127.0.0.1"),
    CONSOLE_TOKEN: optionalText,
    CONSOLE_USER: z.string().default("console"),
    DATA_DIR: z.string().default("./data"),
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
      "must be a postgres:// URL",
    ),
    DATABASE_SCHEMA: optionalText.refine(
      (v) => v === undefined || /^[a-z_][a-z0-9_]*$/.test(v),
      "must be a lowercase schema name (letters, digits, _)",
    ),
    // A pack folder (intents/, replies/, optional tests/); INTENTS_DIR / REPLIES_DIR override its parts.
    PACK_DIR: optionalText,
    INTENTS_DIR: optionalText,
    REPLIES_DIR: optionalText,
    APPROVER_USER_IDS: list,
    INTAKE_CHANNEL_IDS: list,
    OPS_CHANNEL_ID: optionalText,
    REPORT_CHANNEL_ID: optionalText,
    REPORT_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:mm, e.g. 18:00")
      .default("18:00"),
    TIMEZONE: timezone,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((c, ctx) => {
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is required when SLACK_BOT_TOKEN is set",
      });
    }
    if (c.SLACK_SIGNING_SECRET && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is required when SLACK_SIGNING_SECRET is set",
      });
    }
    if (
      c.CONSOLE_HOST !== "127.0.0.1" &&
      c.CONSOLE_HOST !== "localhost" &&
      c.CONSOLE_HOST !== "::1" &&
      !c.CONSOLE_TOKEN
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["CONSOLE_TOKEN"],
        message: `is required when CONSOLE_HOST is ${c.CONSOLE_HOST} (not loopback)`,
      });
    }
  });

export type Config = Omit<z.infer<typeof configSchema>, "INTENTS_DIR" | "REPLIES_DIR"> & {
  slackEnabled: boolean;
  /** PACK_DIR's intents/ unless INTENTS_DIR is set. */
  INTENTS_DIR: string;
  /** PACK_DIR's replies/ unless REPLIES_DIR is set. */
  REPLIES_DIR: string;
  /**
   * The pack's test sentences (shown on the console's intents page): PACK_DIR's, but none when
   * INTENTS_DIR or REPLIES_DIR point elsewhere, so another pack's tests never come along.
   */
  TESTS_DIR: string | undefined;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new ConfigError(
      `Configuration error: ${String(issue.path[0] ?? "environment")} ${issue.message}. See .env.example.`,
    );
  }
  const dirs = resolvePackDirs({
    pack: parsed.data.PACK_DIR,
    intents: parsed.data.INTENTS_DIR,
    replies: parsed.data.REPLIES_DIR,
  });
  return {
    ...parsed.data,
    INTENTS_DIR: dirs.intentsDir,
    REPLIES_DIR: dirs.repliesDir,
    TESTS_DIR: dirs.testsDir,
    slackEnabled: Boolean(parsed.data.SLACK_BOT_TOKEN && parsed.data.SLACK_SIGNING_SECRET),
  };
}

/** Reads `.env` into process.env when the file exists (Node's own loader; real env vars win). */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
