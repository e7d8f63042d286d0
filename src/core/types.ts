import type { Department, Language, PackSettings, SpecificKind } from "./schema.js";

export type { Department, Language, PackSettings, SpecificKind };

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

/** One reply of a situation; `asks` names what it asks the customer for (skipped when already given). */
export interface SituationTemplate {
  text: string;
  asks: SpecificKind[];
}

export interface Situation {
  id: string;
  title?: { ko: string; en: string };
  keywords: string[];
  examples: string[];
  replies: Record<Language, SituationTemplate[]>;
  /** The line of its `- id:` in the reply file, for messages. */
  line: number;
}

export interface ReplySet {
  intent: string;
  /** `general` first, then the others in file order. */
  situations: Situation[];
  /** Intent-wide: used for any situation while a fresh status line / an approved notice exists. */
  withStatus: Record<Language, string[]>;
  withNotice: Record<Language, string[]>;
  notice: Record<Language, string>;
  file: string;
}

/** A test sentence, with the situation its draft should answer when the test file names one. */
export interface TestSentence {
  text: string;
  situation?: string;
}

export interface Pack {
  intents: Intent[];
  departments: Department[];
  replies: Map<string, ReplySet>;
  settings: PackSettings;
  /** Test sentences per intent (from test/intents), when loaded. */
  tests: Map<string, string[]>;
  /** The same sentences with their labelled situations (unlabelled ones have none). */
  testSituations?: Map<string, TestSentence[]>;
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
  /**
   * `keyword`: a weighted term matched; `example`: a similar example sentence; `company`: the
   * handle of another company the mention tags (classifier/other-companies.ts), for the fallback.
   */
  kind: "keyword" | "example" | "company";
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

/** Why a situation was chosen: its relevance and what in the mention matched (keywords, an example). */
export interface SituationEvidence {
  situation: string;
  score: number;
  /** Matched keywords, and `~ "example"` for the closest example sentence. */
  matched: string[];
}

/** A sibling draft from another close situation, offered on the card instead of a rewrite. */
export interface DraftAlternative {
  situation: string;
  title?: { ko: string; en: string };
  text: string;
  length: number;
  variant: string;
  score: number;
}

/** What the customer already said, by kind (see specifics.ts). */
export type Specifics = Partial<Record<SpecificKind, string>>;

export interface Draft {
  text: string;
  /** The situation whose replies produced it (`general` when nothing was relevant enough). */
  situation: string;
  situationTitle?: { ko: string; en: string };
  /** What made the situation win; empty for `general`. */
  situationEvidence?: SituationEvidence;
  /** Up to two drafts from other close situations. */
  alternatives: DraftAlternative[];
  /** The customer's specifics found in the mention (what the draft could use). */
  specifics: Specifics;
  /** X's weighted length (Hangul counts double); never above 280 for a generated draft. */
  length: number;
  language: Language;
  /** Which template produced it: `device-delivery#1`, `with_status#0`. */
  variant: string;
  /** The concrete elements the draft carries (hotline, department, notice, status). */
  concrete: string[];
}
