/**
 * Loads the scenario library: every `*.json` file in a folder, validated against `ScenarioSchema`. Also estimates how
 * long a scenario plays, with the same turn gap the emulator uses, so tests and the UI can show call lengths up front.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZodError } from 'zod';
import { ScenarioSchema, isScenarioLine, type Scenario } from './scenario-schema';

/** The folder holding the bundled scenarios (this one). `EMULATOR_SCENARIO_DIR` replaces it in the emulator. */
export const DEFAULT_SCENARIO_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Silence before a line that sets no `pauseBeforeMs`, ms. The emulator uses the same value. */
export const DEFAULT_TURN_GAP_MS = 900;

/** Default speaking rate for estimates, words per minute. */
export const DEFAULT_WORDS_PER_MINUTE = 150;

export class ScenarioLoadError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`Invalid scenario files in ${dir}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ScenarioLoadError';
  }
}

function formatIssues(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length === 0 ? '(root)' : issue.path.map((part) => String(part)).join('.');
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Reads every `*.json` file in `dir` (not recursive), validates each with `ScenarioSchema` and returns the scenarios
 * sorted by id. Any unreadable, unparsable or invalid file, or an id used twice, makes it throw one
 * `ScenarioLoadError` that names every bad file and its problems.
 */
export function loadScenarios(dir: string = DEFAULT_SCENARIO_DIR): Scenario[] {
  let fileNames: string[];
  try {
    fileNames = readdirSync(dir)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioLoadError(dir, [`cannot read the folder: ${reason}`]);
  }

  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const fileById = new Map<string, string>();

  for (const fileName of fileNames) {
    const filePath = path.join(dir, fileName);
    if (!statSync(filePath).isFile()) continue;

    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(filePath, 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push(`${fileName}: not valid JSON (${reason})`);
      continue;
    }

    const result = ScenarioSchema.safeParse(raw);
    if (!result.success) {
      problems.push(`${fileName}: ${formatIssues(result.error)}`);
      continue;
    }

    const earlier = fileById.get(result.data.id);
    if (earlier !== undefined) {
      problems.push(`${fileName}: id "${result.data.id}" is already used by ${earlier}`);
      continue;
    }
    fileById.set(result.data.id, fileName);
    scenarios.push(result.data);
  }

  if (problems.length > 0) throw new ScenarioLoadError(dir, problems);
  return scenarios.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Spoken words in a line: whitespace-separated tokens holding at least one letter or digit, so a lone dash or
 * ellipsis does not count. Works for any script that separates words with spaces (Latin, Devanagari, …).
 */
export function countWords(text: string): number {
  return text.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** Speaking time for one line at `wordsPerMinute`, ms. */
export function estimateSpeechMs(text: string, wordsPerMinute: number = DEFAULT_WORDS_PER_MINUTE): number {
  if (!(wordsPerMinute > 0)) throw new RangeError(`wordsPerMinute must be positive, got ${wordsPerMinute}`);
  return Math.round((countWords(text) / wordsPerMinute) * 60_000);
}

export interface ScenarioTiming {
  /** Time spent speaking, from word counts. */
  speechMs: number;
  /** Silence before lines: `pauseBeforeMs`, or `DEFAULT_TURN_GAP_MS` when a line sets none. */
  gapMs: number;
  /** Hold turns. */
  holdMs: number;
  totalMs: number;
}

/** Splits a scenario's estimated play time into speech, gaps between lines and holds. */
export function estimateScenarioTiming(scenario: Scenario, wordsPerMinute: number = DEFAULT_WORDS_PER_MINUTE): ScenarioTiming {
  let speechMs = 0;
  let gapMs = 0;
  let holdMs = 0;
  for (const turn of scenario.turns) {
    if (isScenarioLine(turn)) {
      gapMs += turn.pauseBeforeMs ?? DEFAULT_TURN_GAP_MS;
      speechMs += estimateSpeechMs(turn.text, wordsPerMinute);
    } else {
      holdMs += turn.hold;
    }
  }
  return { speechMs, gapMs, holdMs, totalMs: speechMs + gapMs + holdMs };
}

/** Estimated play time of a whole scenario, ms: speech from word counts, plus pauses and holds. */
export function estimateScenarioDurationMs(scenario: Scenario, wordsPerMinute: number = DEFAULT_WORDS_PER_MINUTE): number {
  return estimateScenarioTiming(scenario, wordsPerMinute).totalMs;
}
