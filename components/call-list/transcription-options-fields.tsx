import { CheckboxField, TextField } from '@/components/ui/form-fields';
import type { FieldErrors, TranscriptionField, TranscriptionFormValues } from '@/lib/call-setup-form';
import { COMMON_LOCALES } from '@/lib/protocol';

export interface TranscriptionOptionsFieldsProps {
  /** Test-id prefix: `place-call` or `connect-room`. */
  prefix: string;
  values: TranscriptionFormValues;
  onChange: (values: TranscriptionFormValues) => void;
  errors: FieldErrors<TranscriptionField>;
}

/** The transcription options of a new call, shared by Place call and Connect to room. */
export function TranscriptionOptionsFields({ prefix, values, onChange, errors }: TranscriptionOptionsFieldsProps) {
  const set = <K extends keyof TranscriptionFormValues>(key: K, value: TranscriptionFormValues[K]) => onChange({ ...values, [key]: value });
  const listId = `${prefix}-locales-list`;
  return (
    <fieldset className="space-y-3">
      <legend className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Transcription</legend>
      <datalist id={listId}>
        {COMMON_LOCALES.map((locale) => (
          <option key={locale} value={locale} />
        ))}
      </datalist>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Locale" required mono value={values.locale} onChange={(value) => set('locale', value)} testId={`${prefix}.locale`} list={listId} error={errors.locale} hint="e.g. en-US" maxLength={16} />
        <TextField
          label="Candidate locales"
          mono
          value={values.locales}
          onChange={(value) => set('locales', value)}
          testId={`${prefix}.locales`}
          error={errors.locales}
          placeholder="en-US, es-ES"
          hint="Up to 4, for language identification"
          maxLength={80}
        />
      </div>
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-3">
        <CheckboxField label="Sentiment analysis" checked={values.sentimentAnalysis} onChange={(checked) => set('sentimentAnalysis', checked)} testId={`${prefix}.sentiment`} />
        <CheckboxField label="PII redaction" hint="Masks personal data with *" checked={values.piiRedaction} onChange={(checked) => set('piiRedaction', checked)} testId={`${prefix}.pii`} />
        <CheckboxField label="Intermediate results" hint="Lines show as people speak" checked={values.intermediateResults} onChange={(checked) => set('intermediateResults', checked)} testId={`${prefix}.interim`} />
        <CheckboxField label="End-of-call summary" checked={values.endCallSummary} onChange={(checked) => set('endCallSummary', checked)} testId={`${prefix}.end-summary`} />
        <CheckboxField
          label="Transcribe at once"
          hint="Else start it on the call page"
          checked={values.startImmediately}
          onChange={(checked) => set('startImmediately', checked)}
          testId={`${prefix}.start-now`}
        />
      </div>
      <TextField
        label="Custom speech model endpoint id"
        mono
        value={values.speechModelEndpointId}
        onChange={(value) => set('speechModelEndpointId', value)}
        testId={`${prefix}.speech-model`}
        error={errors.speechModelEndpointId}
        hint="Empty for the default model"
        maxLength={200}
      />
    </fieldset>
  );
}
