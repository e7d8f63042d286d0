/** The parts of nlp.js v4 the benchmark uses (the packages ship no type declarations). */
declare module "@nlpjs/basic" {
  export interface NlpResult {
    intent?: string;
    score?: number;
    classifications?: Array<{ intent: string; score: number }>;
  }
  export class Nlp {
    constructor(settings?: Record<string, unknown>);
    use(plugin: unknown): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
  export const LangEn: unknown;
}

declare module "@nlpjs/lang-ko" {
  export const LangKo: unknown;
}
