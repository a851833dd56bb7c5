import { useEffect, useId, useMemo, useRef } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { localeOptionGroups, type Availability, type PendingItem } from '@/lib/call-controls';
import { languageName } from '@/lib/format-language';

export interface LanguagePickerProps {
  /** The call's candidate locales (language identification), offered first. */
  candidates: readonly string[];
  /** The locale shown: the one being switched to, else the confirmed one. */
  locale: string | null;
  pending: PendingItem | null;
  availability: Availability;
  onSwitch: (locale: string) => void;
}

/** Picking a locale switches the transcription to it (updateTranscription) right away. */
export function LanguagePicker({ candidates, locale, pending, availability, onSwitch }: LanguagePickerProps) {
  const id = useId();
  const reasonId = useId();
  const select = useRef<HTMLSelectElement>(null);
  // The select is disabled while the switch is pending, which drops its focus: give it back afterwards.
  const refocus = useRef(false);
  const groups = useMemo(() => localeOptionGroups(candidates, locale), [candidates, locale]);
  const showReason = !availability.enabled && pending === null && availability.reason !== null;

  useEffect(() => {
    if (availability.enabled && refocus.current) {
      refocus.current = false;
      select.current?.focus();
    }
  }, [availability.enabled]);

  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        Language
      </label>
      <select
        ref={select}
        id={id}
        data-testid="controls.language"
        value={locale ?? ''}
        disabled={!availability.enabled}
        aria-busy={pending !== null}
        aria-describedby={showReason ? reasonId : undefined}
        title={showReason ? (availability.reason ?? undefined) : undefined}
        onChange={(event) => {
          const next = event.target.value;
          if (next === '' || next === locale) return;
          refocus.current = document.activeElement === event.target;
          onSwitch(next);
        }}
        className="h-8 max-w-[14rem] rounded-md border border-slate-300 bg-white py-0 pr-7 pl-2 text-xs text-slate-900 shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500"
      >
        {locale === null && <option value="">Unknown</option>}
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.locales.map((tag) => (
              <option key={tag} value={tag}>
                {tag} · {languageName(tag)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {pending !== null && (
        <span className="inline-flex items-center gap-1 text-xs whitespace-nowrap text-slate-600">
          {/* Next to the select: a disabled select cannot show a spinner itself. */}
          <Spinner />
          {pending.text}
        </span>
      )}
      {showReason && (
        <span id={reasonId} hidden>
          {availability.reason}
        </span>
      )}
    </div>
  );
}
