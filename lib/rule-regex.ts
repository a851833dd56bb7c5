/**
 * Alert rules' regular expressions are RE2 (re2js, pure JavaScript): linear time whatever the pattern, so none can
 * hang the server. Shared so the rules editor can say what is wrong with a pattern as it is typed, in the same words
 * the API's 400 uses.
 */
import { RE2JS } from 're2js';

/** RE2, case-insensitive; throws re2js's syntax error for a pattern it refuses. */
export function compileRuleRegex(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}

/** Why RE2 refuses the pattern (re2js's own words), or null when it compiles. */
export function regexProblem(pattern: string): string | null {
  try {
    compileRuleRegex(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid regular expression';
    return `${reason} (RE2 syntax: no backreferences or lookaround)`;
  }
}
