import { SelectField, TextField } from '@/components/ui/form-fields';
import { TextAreaField } from '@/components/ui/text-area-field';
import type { FieldErrors, RuleFormValues } from '@/lib/rule-form';
import { SPEAKER_LABEL } from '@/lib/rule-text';
import { MAX_PHRASE_CHARS, MAX_RULE_PHRASES, MAX_RULE_REGEX_CHARS, RULE_SPEAKERS, type RuleSpeaker } from '@/lib/rules';
import { assertNever } from '@/lib/speaker-label';

const SPEAKER_OPTIONS = RULE_SPEAKERS.map((value) => ({ value, label: SPEAKER_LABEL[value] }));

export interface RuleConditionFieldsProps {
  values: RuleFormValues;
  onChange: (change: Partial<RuleFormValues>) => void;
  errors: FieldErrors;
}

/** The inputs of the selected rule kind, each with its message underneath. */
export function RuleConditionFields({ values, onChange, errors }: RuleConditionFieldsProps) {
  const speaker = (
    <SelectField<RuleSpeaker>
      label="Who says it"
      value={values.speaker}
      options={SPEAKER_OPTIONS}
      onChange={(value) => onChange({ speaker: value })}
      testId="rule-form.speaker"
      className="sm:max-w-48"
    />
  );
  switch (values.kind) {
    case 'phrases':
      return (
        <>
          <TextAreaField
            label="Phrases, one per line"
            value={values.phrases}
            onChange={(phrases) => onChange({ phrases })}
            testId="rule-form.phrases"
            error={errors['when.phrases']}
            hint={`Matched whole words, ignoring case and accents, in any language. Up to ${MAX_RULE_PHRASES} phrases of ${MAX_PHRASE_CHARS} characters.`}
            placeholder={'cancel my account\nrefund my order'}
            rows={4}
          />
          <TextField
            label="Regular expression"
            mono
            value={values.regex}
            onChange={(regex) => onChange({ regex })}
            testId="rule-form.regex"
            error={errors['when.regex']}
            hint="RE2 syntax, case-insensitive: no backreferences (\1) and no lookaround ((?=…), (?<!…))."
            placeholder="\b(chargeback|lawyer)s?\b"
            maxLength={MAX_RULE_REGEX_CHARS}
          />
          {speaker}
        </>
      );
    case 'negativeStreak':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Negative lines in a row" required inputMode="numeric" value={values.streakCount} onChange={(streakCount) => onChange({ streakCount })} testId="rule-form.count" error={errors['when.count']} hint="1 to 100" />
          {speaker}
        </div>
      );
    case 'rollingSentiment':
      return (
        <TextField
          label="Fires when the rolling sentiment drops below"
          required
          inputMode="decimal"
          value={values.below}
          onChange={(below) => onChange({ below })}
          testId="rule-form.below"
          error={errors['when.below']}
          hint="A score from −1 (negative) to 1 (positive), e.g. −0.5"
          className="sm:max-w-72"
        />
      );
    case 'silence':
      return (
        <TextField label="Seconds without a line" required inputMode="numeric" value={values.seconds} onChange={(seconds) => onChange({ seconds })} testId="rule-form.seconds" error={errors['when.seconds']} hint="While transcription is running; 1 to 3600" className="sm:max-w-72" />
      );
    case 'piiSpoken':
      return (
        <TextField label="Lines with personal data masked" required inputMode="numeric" value={values.piiCount} onChange={(piiCount) => onChange({ piiCount })} testId="rule-form.count" error={errors['when.count']} hint="1 to 1000" className="sm:max-w-72" />
      );
    case 'languageMismatch':
      return (
        <TextField
          label="Lines in a row in another language"
          required
          inputMode="numeric"
          value={values.lines}
          onChange={(lines) => onChange({ lines })}
          testId="rule-form.lines"
          error={errors['when.lines']}
          hint="Detected language differs from the transcription locale; 1 to 1000"
          className="sm:max-w-72"
        />
      );
    case 'longCall':
      return (
        <TextField label="Call longer than (minutes)" required inputMode="numeric" value={values.minutes} onChange={(minutes) => onChange({ minutes })} testId="rule-form.minutes" error={errors['when.minutes']} hint="1 to 1440" className="sm:max-w-72" />
      );
    case 'transcriptionFailed':
      return <p className="text-sm text-slate-600">Fires when ACS reports that transcription failed, or the transcript stream is lost and does not come back. Nothing to set.</p>;
    default:
      return assertNever(values.kind);
  }
}
