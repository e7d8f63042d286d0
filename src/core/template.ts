/**
 * Reply templates: `{placeholder}`, `{placeholder:을/를}` (the value plus the Korean particle that
 * fits its last syllable, chosen by es-hangul) and `{placeholder|fallback}` / `{place:에서|계신 곳}`
 * (the fallback text when the value is absent, e.g. a customer specific the mention did not give).
 * Unknown placeholders are caught by `validate`.
 */
import { josa } from "es-hangul";
import { PLACEHOLDERS, type Placeholder } from "./schema.js";

export type TemplateValues = Partial<Record<Placeholder, string>>;

const TOKEN = /\{([A-Za-z]+)(?::([^{}|]+))?(?:\|([^{}]*))?\}/g;

// The particle pairs es-hangul's josa() accepts.
export const PARTICLES = [
  "이/가",
  "을/를",
  "은/는",
  "으로/로",
  "와/과",
  "이나/나",
  "이란/란",
  "아/야",
  "이랑/랑",
  "이에요/예요",
  "으로서/로서",
  "으로써/로써",
  "으로부터/로부터",
  "이라/라",
] as const;
type Particle = (typeof PARTICLES)[number];

/** A pair as written, in either order ("과/와" is "와/과"); undefined when it is no known pair. */
function knownParticle(written: string): Particle | undefined {
  const known = PARTICLES as readonly string[];
  if (known.includes(written)) return written as Particle;
  const reversed = written.split("/").reverse().join("/");
  return known.includes(reversed) ? (reversed as Particle) : undefined;
}

export interface TemplateToken {
  name: string;
  particle?: string;
  /** The text used when the value is absent; undefined when the token has no `|`. */
  fallback?: string;
}

export function templateTokens(template: string): TemplateToken[] {
  return [...template.matchAll(TOKEN)].map((m) => ({ name: m[1] as string, particle: m[2], fallback: m[3] }));
}

/** Problems with a template's placeholders, as messages; empty when it is well-formed. */
export function checkTemplateSyntax(template: string): string[] {
  const problems: string[] = [];
  for (const token of templateTokens(template)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(token.name)) {
      problems.push(
        `unknown placeholder {${token.name}} (allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")})`,
      );
    }
    if (token.particle !== undefined && !knownParticle(token.particle)) {
      problems.push(
        `unknown particle '${token.particle}' in {${token.name}:${token.particle}} (use one of ${PARTICLES.join(", ")})`,
      );
    }
  }
  const stray = template.replace(TOKEN, "").match(/[{}]/);
  if (stray) problems.push(`unbalanced '${stray[0]}': write placeholders as {name}`);
  return problems;
}

/** How a final digit is read aloud (1600-2626 → …육, 080-000-0100 → …공): what the particle follows. */
const DIGIT_READINGS = "영일이삼사오육칠팔구";

function withParticle(value: string, written: string): string {
  if (!value) return value;
  const particle = knownParticle(written) ?? written;
  // es-hangul reads the final Hangul syllable and takes anything else as open ("1600-2626로"); a
  // hotline or an amount ends in a digit, which is read as its Korean name ("1600-2626으로").
  const last = value.charCodeAt(value.length - 1) - 48;
  if (last >= 0 && last <= 9) {
    const reading = DIGIT_READINGS[last] as string;
    return value + josa(reading, particle as Particle).slice(reading.length);
  }
  // For a value ending in Latin letters es-hangul still picks a form.
  return josa(value, particle as Particle);
}

/**
 * "{hotline}({hours})로 전화 주세요": a particle after a parenthesis goes with the word before it, so
 * a fixed 로 would give "080-000-0200(24시간)로". The particle is made to agree with that word
 * ("080-000-0200(24시간)으로", "고객센터(…)로"), whatever was written.
 */
const AFTER_PARENTHESIS = /([^\s()]+)(\([^()]*\))(으로|로|을|를|은|는|와|과)(?=[\s.,!?]|$)/g;
/** Whether AFTER_PARENTHESIS can match: found from the ")" alone, without trying every start. */
const PARTICLE_AFTER_PARENTHESIS = /\)(?:으로|로|을|를|은|는|와|과)(?=[\s.,!?]|$)/;
const PAIR_OF: Record<string, Particle> = Object.fromEntries(
  (["으로/로", "을/를", "은/는", "와/과"] as const).flatMap((pair) =>
    pair.split("/").map((half) => [half, pair]),
  ),
);

function agreeAcrossParenthesis(whole: string, word: string, parenthesis: string, particle: string): string {
  const pair = PAIR_OF[particle] as Particle;
  // Only a word that ends in Hangul or a digit has a reading to agree with.
  if (!/[가-힣0-9]$/.test(word)) return whole;
  return word + parenthesis + withParticle(word, pair).slice(word.length);
}

/**
 * A template split once into its literal text and its tokens (literal, token, literal, …, literal),
 * so drafting a mention does not run the token regex over the same reply again. Bounded like the
 * other per-template caches: a pack has hundreds of templates, not thousands.
 */
const COMPILED = new Map<string, Array<string | TemplateToken>>();

function compiled(template: string): Array<string | TemplateToken> {
  let parts = COMPILED.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    parts.push(template.slice(last, m.index), { name: m[1] as string, particle: m[2], fallback: m[3] });
    last = (m.index as number) + m[0].length;
  }
  parts.push(template.slice(last));
  if (COMPILED.size > 10_000) COMPILED.clear();
  COMPILED.set(template, parts);
  return parts;
}

/** Fills a template. Missing values render as empty text; whitespace is tidied afterwards. */
export function renderTemplate(template: string, values: TemplateValues): string {
  let filled = "";
  for (const part of compiled(template)) {
    if (typeof part === "string") {
      filled += part;
      continue;
    }
    const value = values[part.name as Placeholder] || part.fallback || "";
    filled += part.particle ? withParticle(value, part.particle) : value;
  }
  if (PARTICLE_AFTER_PARENTHESIS.test(filled))
    filled = filled.replace(AFTER_PARENTHESIS, agreeAcrossParenthesis);
  // Runs of spaces and tabs become one space. Matching only what changes (two or more, or a tab)
  // gives the same text as /[ \t]+/g without replacing every single space: ~15x faster on a reply.
  return filled
    .replace(/[ \t]{2,}|\t/g, " ")
    .replace(/ ([,.!?])/g, "$1")
    .replace(/^[ ,]+/gm, "")
    .trim();
}
