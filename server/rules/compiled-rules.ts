/**
 * The enabled rules, compiled once whenever the rules change, never per line: every phrase of every phrase rule
 * goes into one index (lib/phrase-match.ts), regular expressions are compiled by re2js (linear time), and the other
 * kinds are grouped so a line only visits the rules of the kinds it can trip.
 */
import { RE2JS, RE2Set } from 're2js';
import { PhraseIndex } from '../../lib/phrase-match';
import type { Rule, RuleCondition, RuleKind } from '../../lib/rules';
import { compileRuleRegex } from './rule-validation';

type When<K extends RuleKind> = Extract<RuleCondition, { kind: K }>;
export type RuleOf<K extends RuleKind> = Rule & { when: When<K> };

export interface RegexRule {
  rule: RuleOf<'phrases'>;
  regex: RE2JS;
}

/**
 * Every rule's regular expression in one RE2 set: one linear pass over a line answers which of them match (a few
 * microseconds for fifty patterns, where matching them one by one costs several each). A set too large to compile
 * falls back to matching the patterns one by one, still in linear time.
 */
class RegexMatcher {
  private readonly set: RE2Set | null;

  constructor(readonly regexes: readonly RegexRule[]) {
    let set: RE2Set | null = null;
    if (regexes.length > 1) {
      try {
        set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE);
        for (const { regex } of regexes) set.add(regex.pattern());
        set.compile();
      } catch {
        set = null;
      }
    }
    this.set = set;
  }

  /** The rules whose pattern matches the text. */
  matching(text: string): RuleOf<'phrases'>[] {
    if (this.set !== null) return this.set.match(text).flatMap((index) => this.regexes[index]?.rule ?? []);
    return this.regexes.filter(({ regex }) => regex.test(text)).map(({ rule }) => rule);
  }
}

export class CompiledRules {
  readonly enabled: Rule[] = [];
  readonly phrases: PhraseIndex<RuleOf<'phrases'>>;
  readonly regexes: RegexMatcher;
  readonly negativeStreak: RuleOf<'negativeStreak'>[] = [];
  readonly rollingSentiment: RuleOf<'rollingSentiment'>[] = [];
  readonly silence: RuleOf<'silence'>[] = [];
  readonly piiSpoken: RuleOf<'piiSpoken'>[] = [];
  readonly languageMismatch: RuleOf<'languageMismatch'>[] = [];
  readonly longCall: RuleOf<'longCall'>[] = [];
  readonly transcriptionFailed: RuleOf<'transcriptionFailed'>[] = [];

  constructor(rules: readonly Rule[], onBadRegex: (rule: Rule) => void = () => undefined) {
    const phraseEntries: { phrase: string; owner: RuleOf<'phrases'> }[] = [];
    const regexes: RegexRule[] = [];
    for (const rule of rules) {
      if (!rule.enabled) continue;
      this.enabled.push(rule);
      const when = rule.when;
      switch (when.kind) {
        case 'phrases': {
          const typed = { ...rule, when };
          for (const phrase of when.phrases) phraseEntries.push({ phrase, owner: typed });
          if (when.regex !== undefined) {
            try {
              regexes.push({ rule: typed, regex: compileRuleRegex(when.regex) });
            } catch {
              // Validated when saved; a stored pattern a newer re2js refuses only disables the pattern.
              onBadRegex(rule);
            }
          }
          break;
        }
        case 'negativeStreak':
          this.negativeStreak.push({ ...rule, when });
          break;
        case 'rollingSentiment':
          this.rollingSentiment.push({ ...rule, when });
          break;
        case 'silence':
          this.silence.push({ ...rule, when });
          break;
        case 'piiSpoken':
          this.piiSpoken.push({ ...rule, when });
          break;
        case 'languageMismatch':
          this.languageMismatch.push({ ...rule, when });
          break;
        case 'longCall':
          this.longCall.push({ ...rule, when });
          break;
        case 'transcriptionFailed':
          this.transcriptionFailed.push({ ...rule, when });
          break;
        default: {
          const unreachable: never = when;
          throw new Error(`unknown rule kind ${String((unreachable as { kind?: unknown }).kind)}`);
        }
      }
    }
    this.phrases = new PhraseIndex(phraseEntries);
    this.regexes = new RegexMatcher(regexes);
  }

  /** True when no enabled rule looks at lines: the ingest path then skips evaluation altogether. */
  get watchesLines(): boolean {
    return this.phrases.size > 0 || this.regexes.regexes.length > 0 || this.negativeStreak.length > 0 || this.rollingSentiment.length > 0 || this.piiSpoken.length > 0 || this.languageMismatch.length > 0;
  }

  /** True when a timer has something to do (silence, long calls). */
  get watchesTime(): boolean {
    return this.silence.length > 0 || this.longCall.length > 0;
  }
}
