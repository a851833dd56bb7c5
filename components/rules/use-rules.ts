import { useCallback, useEffect, useState } from 'react';
import type { Rule } from '@/lib/rules';
import { listRules, type TriageError } from '@/lib/triage-client';

export interface RulesState {
  loaded: boolean;
  rules: Rule[];
  error: TriageError | null;
}

function byName(a: Rule, b: Rule): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** The rules list: read once, then kept current with what this page saves or deletes (`put`, `remove`). */
export function useRules() {
  const [state, setState] = useState<RulesState>({ loaded: false, rules: [], error: null });

  const reload = useCallback(async () => {
    const result = await listRules();
    setState((current) => (result.ok ? { loaded: true, rules: [...result.data].sort(byName), error: null } : { ...current, loaded: current.loaded, error: result.error }));
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const put = useCallback((rule: Rule) => {
    setState((current) => ({ ...current, rules: [...current.rules.filter((existing) => existing.id !== rule.id), rule].sort(byName) }));
  }, []);
  const remove = useCallback((id: string) => {
    setState((current) => ({ ...current, rules: current.rules.filter((existing) => existing.id !== id) }));
  }, []);

  return { state, reload, put, remove };
}
