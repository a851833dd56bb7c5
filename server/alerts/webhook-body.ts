/**
 * What a webhook receives for an alert, per format: Earshot's own JSON (for code), a Slack incoming-webhook message,
 * or a Teams workflow-webhook Adaptive Card. The text is the alert's as stored: PII-masked when ACS masked it.
 */
import { callPath } from '../../lib/call-path';
import type { Alert, AlertSeverity, WebhookFormat } from '../../lib/rules';
import { assertNever } from '../../lib/speaker-label';

export interface EarshotAlertPayload {
  alertId: string;
  ruleName: string;
  severity: AlertSeverity;
  callId: string;
  callUrl: string;
  /** The first final line that tripped the rule; null for time-based rules (silence, long call…). */
  seq: number | null;
  text: string;
  /** When the alert was raised, epoch milliseconds. */
  at: number;
}

/** The call's page at the triggering line: `<base>/calls/<encoded id>#seq-<n>`. */
export function alertCallUrl(baseUrl: string, alert: Pick<Alert, 'callId' | 'seqs'>): string {
  const seq = firstSeq(alert);
  return `${baseUrl.replace(/\/+$/, '')}${callPath(alert.callId)}${seq === null ? '' : `#seq-${seq}`}`;
}

/** The first line that tripped the rule (the lowest seq: the list is not promised to be sorted). */
function firstSeq(alert: Pick<Alert, 'seqs'>): number | null {
  return alert.seqs.length === 0 ? null : Math.min(...alert.seqs);
}

export function earshotPayload(alert: Alert, baseUrl: string): EarshotAlertPayload {
  return {
    alertId: alert.id,
    ruleName: alert.ruleName,
    severity: alert.severity,
    callId: alert.callId,
    callUrl: alertCallUrl(baseUrl, alert),
    seq: firstSeq(alert),
    text: alert.text,
    at: alert.at,
  };
}

const SEVERITY_LABEL: Record<AlertSeverity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };
const SLACK_EMOJI: Record<AlertSeverity, string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };
/** Adaptive Card text colours. */
const CARD_COLOR: Record<AlertSeverity, string> = { info: 'Accent', warning: 'Warning', critical: 'Attention' };

/** Slack reads `&`, `<` and `>` as markup (links, mentions): caller text must not become a link or an @channel. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(alert: Alert, baseUrl: string): { text: string } {
  const callUrl = alertCallUrl(baseUrl, alert);
  const quoted = alert.text
    .split('\n')
    .map((line) => `> ${slackEscape(line)}`)
    .join('\n');
  return {
    text: [
      `${SLACK_EMOJI[alert.severity]} *${SEVERITY_LABEL[alert.severity]}* · ${slackEscape(alert.ruleName)}: ${slackEscape(alert.reason)}`,
      quoted,
      `<${callUrl}|Open call ${slackEscape(alert.callId)}>`,
    ].join('\n'),
  };
}

export function teamsPayload(alert: Alert, baseUrl: string): unknown {
  const callUrl = alertCallUrl(baseUrl, alert);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: `${SEVERITY_LABEL[alert.severity]}: ${alert.ruleName}`, weight: 'Bolder', size: 'Medium', color: CARD_COLOR[alert.severity], wrap: true },
            { type: 'TextBlock', text: alert.reason, wrap: true, isSubtle: true },
            { type: 'TextBlock', text: alert.text, wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Call', value: alert.callId },
                { title: 'Raised', value: new Date(alert.at).toISOString() },
              ],
            },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open call', url: callUrl }],
        },
      },
    ],
  };
}

/** The body to post, as a string: it is stored as is, signed as is, and sent as is. */
export function webhookBody(format: WebhookFormat, alert: Alert, baseUrl: string): string {
  switch (format) {
    case 'earshot':
      return JSON.stringify(earshotPayload(alert, baseUrl));
    case 'slack':
      return JSON.stringify(slackPayload(alert, baseUrl));
    case 'teams':
      return JSON.stringify(teamsPayload(alert, baseUrl));
    default:
      return assertNever(format);
  }
}
