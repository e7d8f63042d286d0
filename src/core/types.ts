import type { Department, Language, PackSettings } from "./schema.js";

export type { Department, Language, PackSettings };

export interface Keyword {
  term: string;
  weight: number;
}

export interface SurgeRule {
  minCount: number;
  windowMinutes: number;
  rateMultiplier: number;
}

export interface Intent {
  id: string;
  title: { ko: string; en: string };
  description: string;
  department: string;
  urgency: "low" | "normal" | "high";
  keywords: Keyword[];
  examples: string[];
  negativeExamples: string[];
  surge: SurgeRule;
  /** Where the intent came from, for error messages: `intents/praise.yaml`. */
  file: string;
}

export interface LanguageTemplates {
  default: string[];
  withStatus: string[];
  withNotice: string[];
}

export interface ReplySet {
  intent: string;
  templates: Record<Language, LanguageTemplates>;
  notice: Record<Language, string>;
  file: string;
}

export interface Pack {
  intents: Intent[];
  departments: Department[];
  replies: Map<string, ReplySet>;
  settings: PackSettings;
  /** Test sentences per intent (from test/intents), when loaded. */
  tests: Map<string, string[]>;
}

/** A parsed customer mention: what staff pasted, split into handle, post link and text. */
export interface Mention {
  text: string;
  handle?: string;
  postId?: string;
  postUrl?: string;
  /**
   * When the customer posted it (ISO), when the intake knew (a `triage` file's `posted_at`). Surges
   * and the report count a mention at this time, so a backlog import is not a burst happening now.
   */
  postedAt?: string;
}

export interface Evidence {
  /** `keyword`: a weighted term matched; `example`: a similar example sentence. */
  kind: "keyword" | "example";
  intent: string;
  value: string;
  score: number;
}

export interface Scored {
  intent: string;
  confidence: number;
}

export interface Classification {
  intent: string;
  confidence: number;
  /** The top alternatives after the chosen intent, best first (at most 3). */
  alternatives: Scored[];
  evidence: Evidence[];
  /** True when the top two were within the ambiguity threshold: the card shows both. */
  ambiguous: boolean;
  /** The intent the scores pointed at before the threshold turned it into the fallback. */
  bestGuess: string;
  language: Language;
}

/** A live status line set by staff for one intent ("1차 물량 배송 중"), with when it was set. */
export interface LiveStatus {
  intent: string;
  text: string;
  setAt: string;
  setBy: string;
}

/** An approved official notice for an intent during a surge. */
export interface ActiveNotice {
  intent: string;
  url: string;
}

export interface DraftContext {
  now: Date;
  timezone: string;
  status?: LiveStatus;
  notice?: ActiveNotice;
}

export interface Draft {
  text: string;
  /** X's weighted length (Hangul counts double); never above 280 for a generated draft. */
  length: number;
  language: Language;
  /** Which template produced it: `default#2`, `with_status#0`. */
  variant: string;
  /** The concrete elements the draft carries (hotline, department, notice, status). */
  concrete: string[];
}
