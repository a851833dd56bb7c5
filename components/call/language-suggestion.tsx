import { languageName } from '@/lib/format-language';

export interface LanguageSuggestionProps {
  language: string;
  onSwitch: (locale: string) => void;
  onDismiss: () => void;
}

/** Several lines in a row were heard in another language than the transcription's: offer the switch. */
export function LanguageSuggestion({ language, onSwitch, onDismiss }: LanguageSuggestionProps) {
  return (
    <div
      data-testid="language-suggestion"
      data-language={language}
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-950 ring-1 ring-teal-200 ring-inset"
    >
      <p className="min-w-0 flex-1">
        Caller is speaking{' '}
        <span className="font-mono font-semibold" title={languageName(language)}>
          {language}
        </span>{' '}
        — switch transcription to <span className="font-mono font-semibold">{language}</span>
        <span className="text-teal-800"> ({languageName(language)})</span>
      </p>
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="language-suggestion.switch"
          onClick={() => onSwitch(language)}
          className="h-7 rounded-md bg-teal-700 px-2.5 text-xs font-semibold text-white shadow-xs hover:bg-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          Switch to {language}
        </button>
        <button
          type="button"
          data-testid="language-suggestion.dismiss"
          onClick={onDismiss}
          className="h-7 rounded-md px-2 text-xs font-medium text-teal-900 hover:bg-teal-100 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Not now
        </button>
      </div>
    </div>
  );
}
