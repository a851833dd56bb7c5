import { SelectField, TextField } from '@/components/ui/form-fields';
import type { FieldErrors, WebhookRow } from '@/lib/rule-form';
import { WEBHOOK_FORMAT_LABEL } from '@/lib/rule-text';
import { MAX_RULE_WEBHOOKS, WEBHOOK_FORMATS, type WebhookFormat } from '@/lib/rules';

const FORMAT_OPTIONS = WEBHOOK_FORMATS.map((value) => ({ value, label: WEBHOOK_FORMAT_LABEL[value] }));

export interface WebhooksFieldProps {
  webhooks: WebhookRow[];
  onChange: (webhooks: WebhookRow[]) => void;
  errors: FieldErrors;
}

/** Up to five webhooks, each a URL and the body format its receiver expects. */
export function WebhooksField({ webhooks, onChange, errors }: WebhooksFieldProps) {
  const replace = (index: number, change: Partial<WebhookRow>) => onChange(webhooks.map((webhook, at) => (at === index ? { ...webhook, ...change } : webhook)));
  const full = webhooks.length >= MAX_RULE_WEBHOOKS;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">
        Webhooks <span className="ml-1 text-xs font-normal text-slate-500">(optional, up to {MAX_RULE_WEBHOOKS})</span>
      </legend>
      {webhooks.length === 0 && <p className="text-xs text-slate-500">Alerts show on the dashboard; a webhook also sends them to Slack, Teams or your own endpoint.</p>}
      {webhooks.map((webhook, index) => (
        <div key={index} data-testid="rule-form.webhook" className="grid items-start gap-2 rounded-md bg-slate-50 p-2 sm:grid-cols-[minmax(0,1fr)_11rem_auto]">
          <TextField
            label={`Webhook ${index + 1} URL`}
            required
            mono
            inputMode="url"
            value={webhook.url}
            onChange={(url) => replace(index, { url })}
            testId={`rule-form.webhook-url-${index}`}
            error={errors[`webhooks.${index}`]}
            placeholder="https://hooks.slack.com/services/…"
            maxLength={2000}
          />
          <SelectField<WebhookFormat> label="Format" value={webhook.format} options={FORMAT_OPTIONS} onChange={(format) => replace(index, { format })} testId={`rule-form.webhook-format-${index}`} />
          <button
            type="button"
            onClick={() => onChange(webhooks.filter((_webhook, at) => at !== index))}
            aria-label={`Remove webhook ${index + 1}`}
            className="h-8 self-end rounded-md px-2 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-white focus-visible:outline-2 focus-visible:outline-sky-600 sm:mb-0"
          >
            Remove
          </button>
        </div>
      ))}
      {errors.webhooks !== undefined && <p className="text-xs text-orange-800">{errors.webhooks}</p>}
      <button
        type="button"
        data-testid="rule-form.add-webhook"
        disabled={full}
        onClick={() => onChange([...webhooks, { url: '', format: 'earshot' }])}
        className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-50"
      >
        Add webhook
      </button>
    </fieldset>
  );
}
