/**
 * Loads the held-out evaluation sets in tests/fixtures/eval and the scenario lines they must not repeat.
 * Shapes are validated with zod so a malformed fixture fails loudly instead of silently scoring 0.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EVAL_DIR = path.join(ROOT, 'tests/fixtures/eval');
export const SCENARIO_DIR = path.join(ROOT, 'server/acs-emulator/scenarios');

export const SentimentEvalSchema = z.object({
  description: z.string(),
  items: z.array(
    z.object({ text: z.string().min(1), locale: z.string(), label: z.enum(['positive', 'neutral', 'negative', 'mixed']) }),
  ),
});

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

export function loadEval<T>(name: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readFileSync(path.join(EVAL_DIR, name), 'utf8')));
}

export function allEvalTexts(): string[] {
  return [
    ...loadEval('sentiment.json', SentimentEvalSchema).items.map((item) => item.text),
    ...loadEval('pii.json', PiiEvalSchema).items.map((item) => item.text),
    ...loadEval('language-id.json', LanguageIdEvalSchema).items.map((item) => item.text),
  ];
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
