/**
 * The default rules against the bundled demo scenarios: each scenario is recognised as the emulator would stream it
 * (PII masking, sentiment, language identification) and replayed through the rule evaluator with its pauses and holds.
 * `npm start` plays these scenarios, so a fresh install must show alerts on them.
 */
import { describe, expect, it } from 'vitest';
import type { FinalLine } from '../../lib/protocol';
import { DEFAULT_TURN_GAP_MS, loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import { isScenarioLine, type Scenario } from '../../server/acs-emulator/scenarios/scenario-schema';
import { hashSeed, planUtterance, recognizeUtterance } from '../../server/acs-emulator/recognition';
import { newCallRecord } from '../../server/domain/call-record';
import { speakerFromRawId } from '../../server/domain/speaker';
import { DEFAULT_RULES, defaultRules } from '../../server/rules/default-rules';
import { replayRule } from '../../server/rules/rule-replay';

/** The scenario as stored lines: text as ACS would mask it, receive times from the scenario's pauses, speech and holds. */
function storedLines(scenario: Scenario): FinalLine[] {
  const lines: FinalLine[] = [];
  let clockMs = 0;
  scenario.turns.forEach((turn, turnIndex) => {
    if (!isScenarioLine(turn)) {
      clockMs += turn.hold;
      return;
    }
    clockMs += turn.pauseBeforeMs ?? DEFAULT_TURN_GAP_MS;
    const plan = planUtterance(turn.text, turn.language ?? scenario.locale, clockMs, hashSeed(1, scenario.id, turnIndex));
    clockMs += plan.durationMs;
    const recognized = recognizeUtterance(plan, { locale: scenario.locale, candidateLocales: scenario.candidateLocales ?? [], piiRedaction: true, sentimentAnalysis: true });
    const rawId = scenario.participants[turn.speaker]?.rawId ?? 'unknown';
    lines.push({
      status: 'final',
      callId: scenario.id,
      seq: lines.length + 1,
      utteranceId: `u${turnIndex}`,
      speaker: speakerFromRawId(rawId),
      text: recognized.text,
      offsetMs: plan.startMs,
      durationMs: plan.durationMs,
      confidence: recognized.confidence,
      sentiment: recognized.sentiment ?? null,
      language: recognized.languageIdentified ?? recognized.locale,
      piiMasked: recognized.piiEntityCount > 0,
      receivedAt: clockMs,
    });
  });
  return lines;
}

async function firedRules(scenario: Scenario): Promise<string[]> {
  const lines = storedLines(scenario);
  const call = { ...newCallRecord(scenario.id, 0, null), locale: scenario.locale, endedAt: lines.at(-1)?.receivedAt ?? 0 };
  const source = { linesAfter: async (_callId: string, afterSeq: number, limit: number) => lines.filter((line) => line.seq > afterSeq).slice(0, limit) };
  const fired: string[] = [];
  for (const rule of defaultRules(0)) if ((await replayRule(rule, call, source)).length > 0) fired.push(rule.name);
  return fired;
}

const scenarios = new Map(loadScenarios().map((scenario) => [scenario.id, scenario]));

describe('default rules on the demo scenarios', () => {
  const expected: Record<string, string[]> = {
    'billing-dispute': ['Complaint', 'Asks for a supervisor', 'Three negative lines in a row', 'Silence'],
    'identity-verification': ['Wants to cancel'],
    'long-technical-support': ['Wants to cancel', 'Silence'],
    'sales-upgrade': ['Complaint', 'Three negative lines in a row'],
    'spanish-support': ['Complaint', 'Silence'],
    'hold-and-silence': ['Silence'],
    'hindi-support': ['Silence'],
  };

  for (const [id, rules] of Object.entries(expected)) {
    it(`fire on ${id}: ${rules.join(', ')}`, async () => {
      const scenario = scenarios.get(id);
      if (!scenario) throw new Error(`no scenario ${id}`);
      expect(await firedRules(scenario)).toEqual(expect.arrayContaining(rules));
    });
  }

  it('leave the happy call alone, and no phrase rule fires on a scenario without its words', async () => {
    const happy = scenarios.get('happy-resolution');
    if (!happy) throw new Error('no happy-resolution scenario');
    expect(await firedRules(happy)).toEqual([]);
  });

  it('are valid rules with English and Spanish phrases, seeded with names and severities', () => {
    const rules = defaultRules(5);
    expect(rules.map((rule) => rule.when.kind)).toEqual(expect.arrayContaining(['phrases', 'negativeStreak', 'silence', 'transcriptionFailed']));
    expect(rules.every((rule) => rule.updatedBy === 'system' && rule.enabled)).toBe(true);
    expect(rules.map((rule) => rule.createdAt)).toEqual(rules.map((_, index) => 5 + index));
    const phrases = DEFAULT_RULES.flatMap((rule) => (rule.when.kind === 'phrases' ? (rule.when.phrases ?? []) : []));
    for (const phrase of ['cancel my account', 'cancel', 'complaint', 'speak to a supervisor', 'lawyer', 'cancelar', 'queja', 'supervisor', 'abogado']) expect(phrases).toContain(phrase);
  });
});
