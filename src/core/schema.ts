/**
 * The shape of every data file a maintainer edits. Parsed with zod so a mistake is reported
 * as `file:line: field: message` (see pack-loader.ts), never as a stack trace.
 */
import { z } from "zod";
import { handleKey } from "./normalize.js";

export const LANGUAGES = ["ko", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const nonEmpty = z.string().trim().min(1, "must not be empty");
const localized = z.object({ ko: nonEmpty, en: nonEmpty }).strict();

export const INTENT_ID = /^[a-z][a-z0-9-]*$/;

export const keywordSchema = z
  .object({
    term: nonEmpty,
    // How strongly this term alone points at the intent. 1 is an ordinary cue, 3 is decisive.
    weight: z.number().min(0.1).max(5).default(1),
  })
  .strict();

export const surgeSchema = z
  .object({
    minCount: z.number().int().min(1).default(15),
    windowMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    rateMultiplier: z.number().min(1).default(3),
  })
  .strict();

export const intentFileSchema = z
  .object({
    id: z.string().regex(INTENT_ID, "must be kebab-case, e.g. delay-complaint"),
    title: localized,
    description: nonEmpty,
    department: nonEmpty,
    urgency: z.enum(["low", "normal", "high"]).default("normal"),
    keywords: z.array(keywordSchema).default([]),
    examples: z.array(nonEmpty).min(1, "needs at least one example"),
    negative_examples: z.array(nonEmpty).default([]),
    surge: surgeSchema.optional(),
  })
  .strict();
export type IntentFile = z.infer<typeof intentFileSchema>;

export const departmentSchema = z
  .object({
    id: z.string().regex(INTENT_ID, "must be kebab-case"),
    name: localized,
    hotline: nonEmpty,
    hours: localized,
    slack_channel: z.string().trim().optional(),
  })
  .strict();
export const departmentsFileSchema = z.object({ departments: z.array(departmentSchema).min(1) }).strict();
export type Department = z.infer<typeof departmentSchema>;

// An X handle (letters, digits, _; at most 15) or an Instagram one (also ".", at most 30), @ optional.
const xHandle = z
  .string()
  .regex(
    /^@?[A-Za-z0-9_.]{1,30}$/,
    "must be an account name: letters, digits and _ (and . on Instagram), at most 30 characters, with or without the @",
  );

export const settingsFileSchema = z
  .object({
    // Below this confidence the answer is `unknown`. Left out, the classifier chooses it by 5-fold
    // cross-validation on the pack's examples (`sincerely eval --cv 5` shows the choice).
    threshold: z.number().min(0).max(1).optional(),
    // When the top two are closer than this, the case is flagged ambiguous with both candidates.
    ambiguity_threshold: z.number().min(0).max(1).default(0.1),
    // A live status line older than this is left out of drafts rather than shown stale.
    status_max_age_minutes: z
      .number()
      .int()
      .min(1)
      .default(6 * 60),
    fallback_intent: z.string().default("unknown"),
    // The company's own accounts: a pasted "@ollehkt 배송 언제요" is addressed to us, not from them.
    own_handles: z.array(xHandle).default([]),
    // Other companies' accounts that customers tag when they write to them (a competitor, an airport,
    // a partner), beside the companies the classifier already knows: a mention that tags only one of
    // them leans to the fallback intent, as one addressed to @KoreanAir does.
    other_handles: z.array(xHandle).default([]),
    default_surge: surgeSchema.default({ minCount: 15, windowMinutes: 60, rateMultiplier: 3 }),
    // Minutes a case may wait for a first decision, per intent urgency; older ones are overdue.
    sla: z
      .object({
        high: z.number().int().min(1),
        normal: z.number().int().min(1),
        low: z.number().int().min(1),
      })
      .strict()
      .default({ high: 30, normal: 240, low: 1440 }),
    // A claim ("Kim is on it") lapses after this many minutes without a touch by the claimer.
    claim_idle_minutes: z.number().int().min(1).default(15),
    // Below this relevance the draft comes from the `general` situation (see situations.ts).
    situation_threshold: z.number().min(0).max(5).default(0.3),
    // Another situation within this much of the chosen one is offered as an alternative draft.
    alternative_margin: z.number().min(0).max(5).default(0.25),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const own = new Set(settings.own_handles.map(handleKey));
    settings.other_handles.forEach((handle, i) => {
      if (own.has(handleKey(handle)))
        ctx.addIssue({
          code: "custom",
          path: ["other_handles", i],
          message: `${handle} is in own_handles too; a handle is either yours or another company's`,
        });
    });
  });
export type PackSettings = z.infer<typeof settingsFileSchema>;

const templateList = z.array(nonEmpty);
const languageTemplates = z
  .object({
    // Used when there is no fresh status line and no active notice.
    default: templateList.min(1, "needs at least one template"),
    // Used when a fresh live status line exists; should use {status} and {asOf}.
    with_status: templateList.default([]),
    // Used while a surge notice is approved; should use {noticeUrl}.
    with_notice: templateList.default([]),
  })
  .strict();

/** What a customer may already have said, picked out by specifics.ts; also the names `asks:` uses. */
export const SPECIFICS = [
  "place",
  "device",
  "wait",
  "date",
  "orderNumber",
  "ticketNumber",
  "flightNumber",
  "amount",
] as const;
export type SpecificKind = (typeof SPECIFICS)[number];

/**
 * One reply of a situation: a plain template, or `{ text, asks: [flightNumber] }` for a reply that asks
 * the customer for something; it is skipped when the mention already contains it.
 */
export const situationTemplateSchema = z.union([
  nonEmpty,
  z
    .object({
      text: nonEmpty,
      // Optional: `text:` alone is the same as a plain string.
      asks: z.array(z.enum(SPECIFICS)).optional(),
    })
    .strict(),
]);
export type SituationTemplateEntry = z.infer<typeof situationTemplateSchema>;

const situationReplies = z.array(situationTemplateSchema).min(1, "needs at least one reply");

export const situationSchema = z
  .object({
    id: z.string().regex(INTENT_ID, "must be kebab-case, e.g. device-delivery"),
    title: localized.optional(),
    when: z
      .object({
        keywords: z.array(nonEmpty).default([]),
        examples: z.array(nonEmpty).default([]),
      })
      .strict()
      .optional(),
    ko: situationReplies,
    en: situationReplies,
  })
  .strict();
export type SituationFile = z.infer<typeof situationSchema>;

const intentWideTemplates = z.object({ ko: templateList.default([]), en: templateList.default([]) }).strict();

/** The reply file: situations (see PACK-SHAPE.md), or the older single-list shape read as `general`. */
export const situationReplyFileSchema = z
  .object({
    intent: z.string().regex(INTENT_ID),
    situations: z.array(situationSchema).min(1, "needs at least the `general` situation"),
    with_status: intentWideTemplates.default({ ko: [], en: [] }),
    with_notice: intentWideTemplates.default({ ko: [], en: [] }),
    notice: z.object({ ko: nonEmpty, en: nonEmpty }).strict(),
  })
  .strict();
export type SituationReplyFile = z.infer<typeof situationReplyFileSchema>;

export const legacyReplyFileSchema = z
  .object({
    intent: z.string().regex(INTENT_ID),
    ko: languageTemplates,
    en: languageTemplates,
    notice: z.object({ ko: nonEmpty, en: nonEmpty }).strict(),
  })
  .strict();
export type LegacyReplyFile = z.infer<typeof legacyReplyFileSchema>;

/** Either shape; a file with `situations:` is read as the new one (so its errors are about that shape). */
export const replyFileSchema = z.union([situationReplyFileSchema, legacyReplyFileSchema]);
export type ReplyFile = z.infer<typeof replyFileSchema>;

export const testSentenceSchema = z.union([
  nonEmpty,
  z
    .object({
      text: nonEmpty,
      situation: z.string().regex(INTENT_ID, "must be a situation id of the intent's reply file"),
    })
    .strict(),
]);

export const testFileSchema = z
  .object({
    intent: z.string().regex(INTENT_ID),
    sentences: z.array(testSentenceSchema).min(1),
  })
  .strict();
export type TestFile = z.infer<typeof testFileSchema>;

/** Placeholders a reply template may use. `{department:을/를}` adds the right Korean particle. */
export const PLACEHOLDERS = [
  "handle",
  "department",
  "hotline",
  "hours",
  "status",
  "asOf",
  "noticeUrl",
  // The customer's specifics (specifics.ts); write `{place|그 지역}` for a fallback when absent.
  ...SPECIFICS,
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
