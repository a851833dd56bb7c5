/**
 * The benchmark's rule set: `count` enabled rules of every kind, as a busy contact centre might run them — phrase
 * lists in English and Spanish (most lines match none, as on a real floor), a few RE2 patterns, and the line- and
 * time-based kinds. The first rule is the one the benchmark's "cancel my account" lines trip (no cooldown, so every
 * such line alerts and goes to the webhook: that is the alert latency measured).
 */
import type { RuleInput } from '../../lib/rules';

export const BENCH_ALERT_PHRASE = 'cancel my account';

const PHRASE_SETS: string[][] = [
  ['speak to a supervisor', 'your manager', 'hablar con un supervisor'],
  ['lawyer', 'attorney', 'abogado', 'legal action'],
  ['complaint', 'queja', 'reclamación', 'formal complaint'],
  ['refund', 'reembolso', 'money back', 'chargeback'],
  ['unacceptable', 'ridiculous', 'inaceptable', 'ridículo'],
  ['close my account', 'cerrar mi cuenta', 'switch provider', 'cambiar de compañía'],
  ['data breach', 'privacy', 'privacidad', 'gdpr'],
  ['emergency', 'urgente', 'urgent', 'right now'],
  ['social media', 'twitter', 'review', 'reseña'],
  ['third time', 'tercera vez', 'again and again', 'otra vez'],
];

const REGEXES = ['\\b(?:\\d{4}[- ]?){3}\\d{4}\\b', '\\bcase (?:number|no\\.?) ?\\d{6,}\\b', '\\b(?:never|not) (?:again|working)\\b', '(?:fraud|fraude|scam|estafa)'];

export function benchRules(count: number): RuleInput[] {
  const rules: RuleInput[] = [{ name: 'Bench: cancellation', severity: 'critical', cooldownSeconds: 0, when: { kind: 'phrases', phrases: [BENCH_ALERT_PHRASE] } }];
  for (let index = 1; rules.length < count; index += 1) {
    const name = `Bench rule ${index}`;
    switch (index % 10) {
      case 0:
        rules.push({ name, severity: 'warning', cooldownSeconds: 300, when: { kind: 'negativeStreak', count: 3 + (index % 3) } });
        break;
      case 1:
        rules.push({ name, severity: 'info', cooldownSeconds: 300, when: { kind: 'rollingSentiment', below: -0.4 - (index % 4) / 10 } });
        break;
      case 2:
        rules.push({ name, severity: 'warning', cooldownSeconds: 300, when: { kind: 'silence', seconds: 30 + index } });
        break;
      case 3:
        rules.push({ name, severity: 'info', cooldownSeconds: 300, when: { kind: 'piiSpoken', count: 3 + (index % 5) } });
        break;
      case 4:
        rules.push({ name, severity: 'info', cooldownSeconds: 300, when: { kind: 'languageMismatch', lines: 3 } });
        break;
      case 5:
        rules.push({ name, severity: 'warning', cooldownSeconds: 300, when: { kind: 'longCall', minutes: 20 + index } });
        break;
      case 6:
        rules.push({ name, severity: 'critical', cooldownSeconds: 300, when: { kind: 'phrases', phrases: [], regex: REGEXES[index % REGEXES.length] } });
        break;
      case 9:
        rules.push({ name, severity: 'critical', cooldownSeconds: 300, when: { kind: 'transcriptionFailed' } });
        break;
      default:
        rules.push({ name, severity: index % 2 === 0 ? 'warning' : 'info', cooldownSeconds: 300, when: { kind: 'phrases', phrases: PHRASE_SETS[index % PHRASE_SETS.length] ?? [], speaker: 'any' } });
    }
  }
  return rules.slice(0, count);
}
