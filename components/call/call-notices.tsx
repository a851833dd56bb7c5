import { useState } from 'react';
import type { ShownFailure } from '@/lib/call-controls';
import { ControlFailure } from './control-failure';
import { LanguageSuggestion } from './language-suggestion';

export interface CallNoticesProps {
  failure: ShownFailure | null;
  onDismissFailure: (keys: readonly string[]) => void;
  /** The locale to suggest switching to, when one should be offered now. */
  suggestion: string | null;
  /** The current transcription locale: dismissing a suggestion holds until it changes. */
  locale: string | null;
  onSwitchLanguage: (locale: string) => void;
}

/** The strip under the call header: the last failure, and the language suggestion. */
export function CallNotices({ failure, onDismissFailure, suggestion, locale, onSwitchLanguage }: CallNoticesProps) {
  const [dismissedSuggestion, setDismissedSuggestion] = useState<string | null>(null);
  const suggestionKey = suggestion === null ? null : `${locale ?? ''}>${suggestion}`;
  const showSuggestion = suggestion !== null && suggestionKey !== dismissedSuggestion;
  if (failure === null && !showSuggestion) return null;
  return (
    <div className="flex flex-col gap-2 px-3 pt-3">
      {failure !== null && <ControlFailure failure={failure} onDismiss={onDismissFailure} />}
      {showSuggestion && <LanguageSuggestion language={suggestion} onSwitch={onSwitchLanguage} onDismiss={() => setDismissedSuggestion(suggestionKey)} />}
    </div>
  );
}
