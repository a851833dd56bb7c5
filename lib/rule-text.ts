/** Rules and alerts in words: kind names, one-line condition summaries, severity labels. */
import type { AlertSeverity, RuleCondition, RuleKind, RuleSpeaker, WebhookFormat } from './rules';
import { assertNever } from './speaker-label';

export const RULE_KIND_LABEL: Record<RuleKind, string> = {
  phrases: 'Phrases said',
  negativeStreak: 'Negative lines in a row',
  rollingSentiment: 'Rolling sentiment drops',
  silence: 'Silence',
  piiSpoken: 'Personal data spoken',
  languageMismatch: 'Language mismatch',
  longCall: 'Long call',
  transcriptionFailed: 'Transcription failed',
};

export const SEVERITY_LABEL: Record<AlertSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

export const SPEAKER_LABEL: Record<RuleSpeaker, string> = {
  any: 'Anyone',
  caller: 'The caller',
  agent: 'The agent',
};

export const WEBHOOK_FORMAT_LABEL: Record<WebhookFormat, string> = {
  earshot: 'Earshot JSON (signed)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
};

const SPEAKER_SUBJECT: Record<RuleSpeaker, string> = {
  any: 'anyone',
  caller: 'the caller',
  agent: 'the agent',
};

const MAX_PHRASES_IN_SUMMARY = 3;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function quoteList(phrases: readonly string[]): string {
  const shown = phrases.slice(0, MAX_PHRASES_IN_SUMMARY).map((phrase) => `“${phrase}”`);
  const more = phrases.length - shown.length;
  if (more > 0) shown.push(`${more} more`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1) ?? ''}`;
}

/** The condition as one short sentence for the rules list: "The caller says “cancel” or “refund”". */
export function describeCondition(when: RuleCondition): string {
  switch (when.kind) {
    case 'phrases': {
      const subject = SPEAKER_SUBJECT[when.speaker];
      const said = when.phrases.length > 0 ? `says ${quoteList(when.phrases)}` : '';
      const pattern = when.regex !== undefined ? `a line matches /${when.regex}/` : '';
      const text = said !== '' && pattern !== '' ? `${subject} ${said}, or ${pattern}` : said !== '' ? `${subject} ${said}` : `${pattern}${when.speaker === 'any' ? '' : ` (${subject})`}`;
      return capitalize(text);
    }
    case 'negativeStreak':
      return capitalize(`${plural(when.count, 'negative line', 'negative lines')} in a row from ${SPEAKER_SUBJECT[when.speaker]}`);
    case 'rollingSentiment':
      return `Rolling sentiment drops below ${formatSigned(when.below)}`;
    case 'silence':
      return `No line for ${plural(when.seconds, 'second', 'seconds')} while transcribing`;
    case 'piiSpoken':
      return `${plural(when.count, 'line', 'lines')} with personal data masked`;
    case 'languageMismatch':
      return `${plural(when.lines, 'line', 'lines')} in a row in another language than the transcription's`;
    case 'longCall':
      return `The call lasts over ${plural(when.minutes, 'minute', 'minutes')}`;
    case 'transcriptionFailed':
      return 'Transcription fails or its stream is lost';
    default:
      return assertNever(when);
  }
}

function capitalize(text: string): string {
  return text === '' ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** −0.5, 0, +0.3: the sign is always written, with a real minus sign. */
export function formatSigned(value: number): string {
  if (value === 0) return '0';
  return value < 0 ? `\u2212${Math.abs(value)}` : `+${value}`;
}
