import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sentiment from 'sentiment';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO_DIR,
  DEFAULT_TURN_GAP_MS,
  ScenarioLoadError,
  countWords,
  estimateScenarioDurationMs,
  estimateScenarioTiming,
  loadScenarios,
} from '../../server/acs-emulator/scenarios/load-scenarios';
import { ScenarioSchema, isScenarioLine, type Scenario, type ScenarioLine } from '../../server/acs-emulator/scenarios/scenario-schema';

const MINUTE_MS = 60_000;
const REQUIRED_IDS = [
  'billing-dispute',
  'happy-resolution',
  'identity-verification',
  'spanish-support',
  'hindi-support',
  'code-switching',
  'hold-and-silence',
  'long-technical-support',
] as const;

const scenarios = loadScenarios();
const scenarioById = new Map(scenarios.map((scenario) => [scenario.id, scenario]));

function getScenario(id: string): Scenario {
  const scenario = scenarioById.get(id);
  if (scenario === undefined) throw new Error(`scenario ${id} is missing`);
  return scenario;
}

function linesOf(scenario: Scenario): ScenarioLine[] {
  return scenario.turns.filter(isScenarioLine);
}

function roleOf(scenario: Scenario, line: ScenarioLine): 'agent' | 'customer' {
  const participant = scenario.participants[line.speaker];
  if (participant === undefined) throw new Error(`unknown speaker ${line.speaker}`);
  return participant.role;
}

function customerLines(scenario: Scenario): ScenarioLine[] {
  return linesOf(scenario).filter((line) => roleOf(scenario, line) === 'customer');
}

function isLuhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    let digit = Number(char);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  });
  return sum % 10 === 0;
}

const sentiment = new Sentiment();
const comparative = (text: string): number => sentiment.analyze(text).comparative;
const mean = (values: number[]): number => values.reduce((total, value) => total + value, 0) / values.length;

describe('scenario library', () => {
  it('validates every JSON file in the folder, one scenario per file, named after its id', () => {
    const files = readdirSync(DEFAULT_SCENARIO_DIR).filter((name) => name.endsWith('.json'));
    expect(files.length).toBe(scenarios.length);
    for (const file of files) {
      const raw: unknown = JSON.parse(readFileSync(path.join(DEFAULT_SCENARIO_DIR, file), 'utf8'));
      const result = ScenarioSchema.safeParse(raw);
      expect(result.success, `${file}: ${result.error?.message ?? ''}`).toBe(true);
      expect(result.data?.id).toBe(path.basename(file, '.json'));
    }
  });

  it('has at least eight scenarios, sorted by id, covering every required kind', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    const ids = scenarios.map((scenario) => scenario.id);
    expect(ids).toEqual([...ids].sort());
    for (const id of REQUIRED_IDS) expect(ids).toContain(id);
  });

  it('gives every scenario an agent and a customer who both speak, with demo-style raw ids', () => {
    for (const scenario of scenarios) {
      const participants = Object.entries(scenario.participants);
      const roles = participants.map(([, participant]) => participant.role);
      expect(roles, scenario.id).toContain('agent');
      expect(roles, scenario.id).toContain('customer');
      const speakers = new Set(linesOf(scenario).map((line) => line.speaker));
      const rawIds = new Set<string>();
      for (const [key, participant] of participants) {
        expect(speakers.has(key), `${scenario.id}: ${key} never speaks`).toBe(true);
        expect(rawIds.has(participant.rawId), `${scenario.id}: ${participant.rawId} used twice`).toBe(false);
        rawIds.add(participant.rawId);
        if (participant.role === 'agent') expect(participant.rawId, scenario.id).toMatch(/^8:acs:earshot-demo_[a-z]+-[a-z]+$/);
        else expect(participant.rawId, scenario.id).toMatch(/^4:\+\d*555\d*$/);
      }
    }
  });

  it('speaks every line in one of the candidate locales, when a scenario gives them', () => {
    for (const required of ['code-switching', 'spanish-support', 'hindi-support']) {
      expect(getScenario(required).candidateLocales, required).toBeDefined();
    }
    for (const scenario of scenarios) {
      const candidates = scenario.candidateLocales;
      if (candidates === undefined) continue;
      expect(candidates, scenario.id).toContain(scenario.locale);
      for (const line of linesOf(scenario)) {
        expect(candidates, `${scenario.id}: "${line.text}"`).toContain(line.language ?? scenario.locale);
      }
    }
  });

  it('never repeats a line anywhere in the library', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const scenario of scenarios) {
      for (const line of linesOf(scenario)) {
        const key = line.text.toLowerCase().replace(/\s+/g, ' ').trim();
        const earlier = seen.get(key);
        if (earlier !== undefined) duplicates.push(`"${line.text}" in ${scenario.id} and ${earlier}`);
        seen.set(key, scenario.id);
      }
    }
    expect(duplicates).toEqual([]);
  });
});

describe('individual scenarios', () => {
  it('long-technical-support lasts at least 30 minutes, at least 20 of them speech', () => {
    const scenario = getScenario('long-technical-support');
    const timing = estimateScenarioTiming(scenario);
    expect(estimateScenarioDurationMs(scenario)).toBe(timing.totalMs);
    expect(timing.totalMs).toBeGreaterThanOrEqual(30 * MINUTE_MS);
    expect(timing.speechMs).toBeGreaterThanOrEqual(20 * MINUTE_MS);
    // Still 30 minutes with the shortest natural gap (0.6 s) in place of the default one.
    const defaultGapLines = linesOf(scenario).filter((line) => line.pauseBeforeMs === undefined).length;
    expect(timing.totalMs - defaultGapLines * (DEFAULT_TURN_GAP_MS - 600)).toBeGreaterThanOrEqual(30 * MINUTE_MS);
    expect(scenario.turns.filter((turn) => !isScenarioLine(turn)).length).toBeGreaterThanOrEqual(2);
  });

  it('hold-and-silence has several 45-second holds and long pauses', () => {
    const scenario = getScenario('hold-and-silence');
    const longHolds = scenario.turns.filter((turn) => !isScenarioLine(turn) && turn.hold >= 45_000);
    expect(longHolds.length).toBeGreaterThanOrEqual(3);
    const longPauses = linesOf(scenario).filter((line) => (line.pauseBeforeMs ?? 0) >= 5_000);
    expect(longPauses.length).toBeGreaterThanOrEqual(3);
  });

  it('identity-verification speaks every kind of PII', () => {
    const scenario = getScenario('identity-verification');
    const text = linesOf(scenario)
      .map((line) => line.text)
      .join('\n');
    const customer = Object.values(scenario.participants).find((participant) => participant.role === 'customer');
    const [first = '', last = ''] = customer?.displayName.split(' ') ?? [];
    expect(text).toMatch(new RegExp(`\\b${first}(?: [A-Z][a-z]+)? ${last}\\b`));
    expect(text).toMatch(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
    expect(text).toMatch(/\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\b/);
    expect(text).toMatch(/\b\d{1,6} (?:[A-Z][a-z]+ ){1,3}(?:Street|Avenue|Road|Lane|Drive|Court|Way|Boulevard), [A-Z][a-z]+/);
    expect(text).toMatch(/\b\d{3}-555-\d{4}\b/);
    expect(text).toMatch(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/);
    expect(text).toMatch(/\b\d{3}-\d{2}-\d{4}\b/);
    const cards = text.match(/\b\d{4} \d{4} \d{4} \d{4}\b/g) ?? [];
    expect(cards.length).toBeGreaterThanOrEqual(1);
    for (const card of cards) expect(isLuhnValid(card.replace(/ /g, '')), card).toBe(true);
  });

  it('spanish-support is entirely in Spanish', () => {
    const scenario = getScenario('spanish-support');
    expect(scenario.locale).toBe('es-ES');
    for (const line of linesOf(scenario)) expect(line.language ?? scenario.locale).toBe('es-ES');
    expect(linesOf(scenario).some((line) => /[ñ¿¡áéíóú]/i.test(line.text))).toBe(true);
  });

  it('hindi-support is entirely in Hindi, written in Devanagari', () => {
    const scenario = getScenario('hindi-support');
    expect(scenario.locale).toBe('hi-IN');
    for (const line of linesOf(scenario)) {
      expect(line.language ?? scenario.locale).toBe('hi-IN');
      expect(line.text, line.text).toMatch(/\p{Script=Devanagari}/u);
      expect(line.text, line.text).not.toMatch(/[A-Za-z]/);
    }
  });

  it('code-switching moves both speakers between English and Spanish more than once', () => {
    const scenario = getScenario('code-switching');
    expect(scenario.candidateLocales).toEqual(['en-US', 'es-ES']);
    for (const role of ['agent', 'customer'] as const) {
      const languages = linesOf(scenario)
        .filter((line) => roleOf(scenario, line) === role)
        .map((line) => line.language ?? scenario.locale);
      expect(new Set(languages), role).toEqual(new Set(['en-US', 'es-ES']));
    }
    const customerLanguages = customerLines(scenario).map((line) => line.language ?? scenario.locale);
    const switches = customerLanguages.filter((language, index) => index > 0 && language !== customerLanguages[index - 1]);
    expect(switches.length).toBeGreaterThanOrEqual(3);
  });

  it('billing-dispute gets angrier until the customer asks for a supervisor, and the agent offers a credit', () => {
    const scenario = getScenario('billing-dispute');
    const lines = customerLines(scenario);
    const requestIndex = lines.findIndex((line) => /supervisor/i.test(line.text));
    expect(requestIndex).toBeGreaterThan(4);
    const scores = lines.slice(0, requestIndex + 1).map((line) => comparative(line.text));
    expect(mean(scores.slice(-4))).toBeLessThan(mean(scores.slice(0, 4)));
    expect(lines.filter((line) => comparative(line.text) < -0.05).length).toBeGreaterThanOrEqual(6);
    const agentText = linesOf(scenario)
      .filter((line) => roleOf(scenario, line) === 'agent')
      .map((line) => line.text)
      .join('\n');
    expect(agentText).toMatch(/\bcredit\b/i);
  });

  it('happy-resolution ends with warm thanks and is never negative at the end', () => {
    const lines = customerLines(getScenario('happy-resolution'));
    for (const line of lines.slice(-3)) expect(comparative(line.text), line.text).toBeGreaterThan(0.05);
    expect(lines.some((line) => /thank/i.test(line.text))).toBe(true);
  });

  it('sales-upgrade swings between negative and positive', () => {
    const scores = customerLines(getScenario('sales-upgrade')).map((line) => comparative(line.text));
    expect(scores.filter((score) => score < -0.05).length).toBeGreaterThanOrEqual(3);
    expect(scores.filter((score) => score > 0.05).length).toBeGreaterThanOrEqual(3);
  });
});

describe('loadScenarios', () => {
  const tempDirs: string[] = [];
  const makeDir = (files: Record<string, string>): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'earshot-scenarios-'));
    tempDirs.push(dir);
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    return dir;
  };
  const minimal = (id: string, speaker = 'agent'): string =>
    JSON.stringify({
      id,
      title: 'Minimal',
      description: 'A minimal scenario.',
      locale: 'en-US',
      participants: { agent: { rawId: '8:acs:earshot-demo_agent-test', displayName: 'Test Agent', role: 'agent' } },
      turns: [{ speaker, text: 'Hello there.' }],
    });

  afterEach(() => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads only *.json files and sorts by id', () => {
    const dir = makeDir({ 'b.json': minimal('zeta'), 'a.json': minimal('alpha'), 'notes.txt': 'not a scenario' });
    expect(loadScenarios(dir).map((scenario) => scenario.id)).toEqual(['alpha', 'zeta']);
  });

  it('returns an empty list for an empty folder', () => {
    expect(loadScenarios(makeDir({}))).toEqual([]);
  });

  it('names the file and the zod issue when a scenario is invalid', () => {
    const dir = makeDir({ 'good.json': minimal('good'), 'bad.json': minimal('bad', 'nobody') });
    expect(() => loadScenarios(dir)).toThrow(ScenarioLoadError);
    expect(() => loadScenarios(dir)).toThrow(/bad\.json: turns\.0\.speaker: unknown speaker nobody/);
  });

  it('reports broken JSON and duplicate ids in one error', () => {
    const dir = makeDir({ 'a.json': minimal('same'), 'b.json': minimal('same'), 'c.json': '{ "id": ' });
    let caught: unknown;
    try {
      loadScenarios(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioLoadError);
    const message = caught instanceof Error ? caught.message : '';
    expect(message).toMatch(/b\.json: id "same" is already used by a\.json/);
    expect(message).toMatch(/c\.json: not valid JSON/);
  });

  it('throws a clear error for a missing folder', () => {
    expect(() => loadScenarios(path.join(os.tmpdir(), 'earshot-no-such-scenario-dir'))).toThrow(/cannot read the folder/);
  });
});

describe('estimateScenarioDurationMs', () => {
  it('adds speech at the given rate, pauses, default gaps and holds', () => {
    const scenario = ScenarioSchema.parse({
      id: 'timing',
      title: 'Timing',
      description: 'Timing check.',
      locale: 'en-US',
      participants: { agent: { rawId: '8:acs:earshot-demo_agent-test', displayName: 'Test Agent', role: 'agent' } },
      turns: [
        { speaker: 'agent', text: 'one two three four five', pauseBeforeMs: 100 },
        { hold: 2_000 },
        { speaker: 'agent', text: 'one two — three four five six seven eight nine ten' },
      ],
    });
    // 15 words at 150 wpm = 6 s; gaps 100 ms + the default; 2 s of hold.
    expect(estimateScenarioTiming(scenario)).toEqual({ speechMs: 6_000, gapMs: 100 + DEFAULT_TURN_GAP_MS, holdMs: 2_000, totalMs: 9_000 });
    expect(estimateScenarioDurationMs(scenario, 300)).toBe(3_000 + 1_000 + 2_000);
  });

  it('counts words in any space-separated script, ignoring lone punctuation', () => {
    expect(countWords('  Hello,   world — again! ')).toBe(3);
    expect(countWords('मेरा नाम सुनीता है।')).toBe(4);
    expect(countWords('¿Qué tal?')).toBe(2);
  });
});
