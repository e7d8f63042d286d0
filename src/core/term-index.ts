/**
 * Terms found anywhere in a text without spaces (Korean keywords: 요금제 in 새요금제로), each looked
 * up by the text's code units in one pass instead of searched once per term. A term is indexed by
 * its first two code units (first * 65536 + second): most Korean terms share a first syllable with
 * many others, few share two. One-unit terms are indexed by that unit.
 */
export class TermIndex {
  readonly #terms: string[] = [];
  readonly #ids: number[] = [];
  readonly #byStart = new Map<number, number[]>();
  readonly #byUnit = new Map<number, number[]>();

  /** Adds a term (without spaces, not empty) under the caller's id for it. */
  add(term: string, id: number): void {
    const at = this.#terms.length;
    this.#terms.push(term);
    this.#ids.push(id);
    const [map, key] =
      term.length === 1
        ? [this.#byUnit, term.charCodeAt(0)]
        : [this.#byStart, term.charCodeAt(0) * 65536 + term.charCodeAt(1)];
    const list = map.get(key);
    if (list) list.push(at);
    else map.set(key, [at]);
  }

  get size(): number {
    return this.#terms.length;
  }

  /** Calls `hit` with the id of every term occurring in `compact` and where, once per occurrence. */
  find(compact: string, hit: (id: number, at: number) => void): void {
    if (this.#terms.length === 0) return;
    for (let i = 0; i < compact.length; i++) {
      const code = compact.charCodeAt(i);
      const short = this.#byUnit.get(code);
      if (short) for (const at of short) hit(this.#ids[at] as number, i);
      // Past the end, charCodeAt gives NaN: no key.
      const candidates = this.#byStart.get(code * 65536 + compact.charCodeAt(i + 1));
      if (!candidates) continue;
      for (const at of candidates)
        if (compact.startsWith(this.#terms[at] as string, i)) hit(this.#ids[at] as number, i);
    }
  }
}
