/**
 * The rules a fresh install starts with, seeded once per database (a store marker, so rules a supervisor deleted
 * do not come back on restart). The phrases are ones that really occur in the bundled demo scenarios
 * (server/acs-emulator/scenarios), so `npm start` shows alerts within minutes; tests/unit/default-rules.test.ts
 * plays every scenario through them.
 */
import { randomUUID } from 'node:crypto';
import { RuleInputSchema, type Rule, type RuleInput } from '../../lib/rules';
import type { RuleStore } from '../store/triage-store';

export const DEFAULT_RULES_MARKER = 'triage:default-rules-seeded';
export const DEFAULT_RULES_ACTOR = 'system';

export const DEFAULT_RULES: readonly RuleInput[] = [
  {
    name: 'Wants to cancel',
    severity: 'warning',
    when: {
      kind: 'phrases',
      // "cancellation" too: phrases match whole words, so "cancel" alone never matches inside it.
      phrases: ['cancel', 'cancel my account', 'cancel my service', 'cancellation', 'close my account', 'cancelar', 'cancelación', 'darme de baja', 'dar de baja'],
    },
  },
  {
    name: 'Complaint',
    severity: 'warning',
    when: {
      kind: 'phrases',
      phrases: ['complaint', 'complain', 'unacceptable', 'outrageous', 'ridiculous', 'cheated', 'queja', 'reclamación', 'reclamar', 'inaceptable', 'no me ha llegado'],
    },
  },
  {
    name: 'Asks for a supervisor',
    severity: 'critical',
    // Not "manager" alone: "my password manager" is no escalation. Only the caller's side: agents say "my supervisor".
    when: { kind: 'phrases', phrases: ['speak to a supervisor', 'supervisor', 'your manager', 'speak to a manager', 'talk to a manager', 'escalate', 'hablar con un responsable', 'hablar con el encargado'], speaker: 'caller' },
  },
  {
    name: 'Legal threat',
    severity: 'critical',
    when: { kind: 'phrases', phrases: ['lawyer', 'attorney', 'sue you', 'legal action', 'abogado', 'demandar', 'denunciar'] },
  },
  { name: 'Three negative lines in a row', severity: 'warning', when: { kind: 'negativeStreak', count: 3, speaker: 'any' } },
  { name: 'Silence', severity: 'info', cooldownSeconds: 120, when: { kind: 'silence', seconds: 30 } },
  { name: 'Transcription failed', severity: 'critical', cooldownSeconds: 60, when: { kind: 'transcriptionFailed' } },
];

export function defaultRules(now: number): Rule[] {
  // A millisecond apart, so the list (oldest first) shows them in this order.
  return DEFAULT_RULES.map((input, index) => ({ ...RuleInputSchema.parse(input), id: randomUUID(), createdAt: now + index, updatedAt: now + index, updatedBy: DEFAULT_RULES_ACTOR }));
}

/**
 * Seeds the default set unless this database ever had it. Of several instances starting together, only the one whose
 * marker is stored seeds. Returns whether this call seeded.
 */
export async function seedDefaultRules(store: RuleStore & { setValueIfAbsent(key: string, value: string): Promise<string> }, now: number): Promise<boolean> {
  const token = randomUUID();
  if ((await store.setValueIfAbsent(DEFAULT_RULES_MARKER, token)) !== token) return false;
  for (const rule of defaultRules(now)) await store.createRule(rule);
  return true;
}
