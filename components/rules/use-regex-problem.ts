import { useEffect, useState } from 'react';

type RuleRegexModule = typeof import('@/lib/rule-regex');

/** RE2 (re2js) is ~45 KB gzipped: fetched the first time someone types a pattern, not with the page. */
let loading: Promise<RuleRegexModule> | null = null;

/**
 * What RE2 says about `pattern` — the same words as the API's 400 on `when.regex` — or null when it compiles, is
 * empty, or is still being checked (the server checks it again on save).
 */
export function useRegexProblem(pattern: string): string | null {
  const trimmed = pattern.trim();
  const [checked, setChecked] = useState<{ pattern: string; problem: string | null } | null>(null);
  useEffect(() => {
    if (trimmed === '') return;
    let active = true;
    loading ??= import('@/lib/rule-regex');
    loading.then(
      (module) => {
        if (active) setChecked({ pattern: trimmed, problem: module.regexProblem(trimmed) });
      },
      (error: unknown) => {
        // Offline or a failed chunk: the next pattern tries again; the server still checks on save.
        loading = null;
        console.warn('[useRegexProblem]', error);
      },
    );
    return () => {
      active = false;
    };
  }, [trimmed]);
  return checked !== null && checked.pattern === trimmed ? checked.problem : null;
}
