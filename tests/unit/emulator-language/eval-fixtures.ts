/**
 * Loads the evaluation sets in tests/fixtures/eval (development and held-out splits, see the README there) and
 * the scenario lines they must not repeat. Shapes are validated with zod so a malformed fixture fails loudly
 * instead of silently scoring 0.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EVAL_DIR = path.join(ROOT, 'tests/fixtures/eval');
export const SCENARIO_DIR = path.join(ROOT, 'server/acs-emulator/scenarios');

/** `dev`: seen while the features were written (scores are printed only). `heldout`: never seen; floors apply. */
export type Split = 'dev' | 'heldout';

export const SentimentEvalSchema = z.object({
  description: z.string(),
  items: z.array(
    z.object({ text: z.string().min(1), locale: z.string(), label: z.enum(['positive', 'neutral', 'negative', 'mixed']) }),
  ),
});
export type SentimentItem = z.infer<typeof SentimentEvalSchema>['items'][number];

export const PiiEvalSchema = z.object({
  description: z.string(),
  items: z.array(
    z.object({
      text: z.string().min(1),
      locale: z.string(),
      entities: z.array(z.object({ category: z.string(), text: z.string().min(1) })),
    }),
  ),
});
export type PiiItem = z.infer<typeof PiiEvalSchema>['items'][number];

export const LanguageIdEvalSchema = z.object({
  description: z.string(),
  items: z.array(
    z.object({
      text: z.string().min(1),
      candidates: z.array(z.string()).min(1),
      currentLocale: z.string(),
      label: z.string(),
    }),
  ),
});
export type LanguageIdItem = z.infer<typeof LanguageIdEvalSchema>['items'][number];

export const SummaryEvalSchema = z.object({
  description: z.string(),
  items: z.array(
    z.object({
      id: z.string().min(1),
      locale: z.string(),
      turns: z.array(z.object({ role: z.enum(['agent', 'customer']), text: z.string().min(1) })).min(2),
      facts: z
        .array(
          z.object({
            fact: z.string().min(1),
            /** Each keyword is `|`-separated alternatives. */
            keywords: z.array(z.string().min(1)).min(1),
            /** How many keywords must occur; all of them when absent. */
            need: z.number().int().positive().optional(),
          }),
        )
        .min(1),
      /** Personal data spoken in the call, which a summary made with redaction on must not show in clear. */
      pii: z.array(z.string().min(1)),
    }),
  ),
});
export type SummaryItem = z.infer<typeof SummaryEvalSchema>['items'][number];

function loadFile<T>(name: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readFileSync(path.join(EVAL_DIR, name), 'utf8')));
}

export function loadSentiment(split: Split): SentimentItem[] {
  return loadFile(`sentiment.${split}.json`, SentimentEvalSchema).items;
}

export function loadPii(split: Split): PiiItem[] {
  return loadFile(`pii.${split}.json`, PiiEvalSchema).items;
}

export function loadLanguageId(split: Split): LanguageIdItem[] {
  return loadFile(`language-id.${split}.json`, LanguageIdEvalSchema).items;
}

/** The summary set is held out only: the summarizer was developed against its unit test's calls. */
export function loadSummaries(): SummaryItem[] {
  return loadFile('summary.heldout.json', SummaryEvalSchema).items;
}

/** Every single-utterance item's text, both splits, every feature. */
export function allUtteranceTexts(): string[] {
  return (['dev', 'heldout'] as const).flatMap((split) => [
    ...loadSentiment(split).map((item) => item.text),
    ...loadPii(split).map((item) => item.text),
    ...loadLanguageId(split).map((item) => item.text),
  ]);
}

/** Every turn of every summary item. */
export function allSummaryTurnTexts(): string[] {
  return loadSummaries().flatMap((item) => item.turns.map((turn) => turn.text));
}

/**
 * Every line `text` of every scenario JSON file. Read loosely (no schema) on purpose: this check must not
 * fail because a scenario being written in parallel is not yet valid; the scenario tests own validation.
 */
export function scenarioLines(): { file: string; text: string }[] {
  if (!existsSync(SCENARIO_DIR)) return [];
  const lines: { file: string; text: string }[] = [];
  for (const file of readdirSync(SCENARIO_DIR).filter((name) => name.endsWith('.json'))) {
    const json: unknown = JSON.parse(readFileSync(path.join(SCENARIO_DIR, file), 'utf8'));
    const turns = typeof json === 'object' && json !== null ? (json as { turns?: unknown }).turns : undefined;
    if (!Array.isArray(turns)) continue;
    for (const turn of turns as unknown[]) {
      const text = typeof turn === 'object' && turn !== null ? (turn as { text?: unknown }).text : undefined;
      if (typeof text === 'string') lines.push({ file, text });
    }
  }
  return lines;
}

/** Words as a tokenizer-free count: runs of letters/digits (any script). */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{M}\p{N}']+/gu) ?? []).length;
}
