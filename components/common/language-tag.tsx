import { languageName } from '@/lib/format-language';

export interface LanguageTagProps {
  tag: string;
  /** Highlight: the language differs from the call's transcription locale. */
  differs?: boolean;
  testId?: string;
}

export function LanguageTag({ tag, differs = false, testId }: LanguageTagProps) {
  return (
    <span
      data-testid={testId}
      title={differs ? `${languageName(tag)}, not the transcription locale` : languageName(tag)}
      className={`inline-flex items-center rounded px-1 py-0.5 font-mono text-[11px] leading-none whitespace-nowrap ring-1 ring-inset ${
        differs ? 'bg-teal-50 text-teal-800 ring-teal-300' : 'bg-slate-50 text-slate-600 ring-slate-200'
      }`}
    >
      {tag}
    </span>
  );
}
