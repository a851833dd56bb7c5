/**
 * TextRank over sentences (Mihalcea & Tarau, 2004): a sentence is central when it shares content words
 * with many other central sentences. Written by hand (about 40 lines) instead of ts-textrank, which would
 * add stopword and transliteration packages for the same arithmetic. The graph is sparse (built from a
 * word → sentences index) so a 170-turn call stays in single-digit milliseconds.
 */

const DAMPING = 0.85;
const MAX_ITERATIONS = 50;
const CONVERGED = 1e-4;

/** One score per sentence (same order), from each sentence's content words. */
export function textRank(sentenceWords: readonly (readonly string[])[]): number[] {
  const sets = sentenceWords.map((words) => new Set(words));
  const n = sets.length;
  const sentencesByWord = new Map<string, number[]>();
  sets.forEach((words, index) => {
    for (const word of words) {
      const list = sentencesByWord.get(word);
      if (list) list.push(index);
      else sentencesByWord.set(word, [index]);
    }
  });
  // Overlap counts for every pair that shares a word, then the log-length normalisation of the paper.
  const edges: Map<number, number>[] = sets.map(() => new Map());
  for (const indexes of sentencesByWord.values()) {
    for (const i of indexes) {
      const row = edges[i];
      if (!row) continue;
      for (const j of indexes) if (j !== i) row.set(j, (row.get(j) ?? 0) + 1);
    }
  }
  edges.forEach((row, i) => {
    for (const [j, overlap] of row) row.set(j, overlap / (Math.log((sets[i]?.size ?? 0) + 1) + Math.log((sets[j]?.size ?? 0) + 1)));
  });
  const outTotals = edges.map((row) => [...row.values()].reduce((sum, w) => sum + w, 0));
  let scores = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = new Array<number>(n).fill(1 - DAMPING);
    edges.forEach((row, j) => {
      const total = outTotals[j] ?? 0;
      if (total === 0) return;
      const share = (DAMPING * (scores[j] ?? 0)) / total;
      for (const [i, w] of row) next[i] = (next[i] ?? 0) + share * w;
    });
    const delta = next.reduce((max, score, i) => Math.max(max, Math.abs(score - (scores[i] ?? 0))), 0);
    scores = next;
    if (delta < CONVERGED) break;
  }
  return scores;
}
