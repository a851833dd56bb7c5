import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/rules';
import { displayTarget } from '../../server/alerts/delivery-log';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from '../../server/alerts/retry-policy';
import { alertCallUrl, webhookBody } from '../../server/alerts/webhook-body';
import { outcomeForStatus } from '../../server/alerts/webhook-request';
import { signatureHeader } from '../../server/alerts/webhook-signature';
import { checkWebhookUrl, forbiddenAddressReason, RefusedTargetError, vetWebhookTarget } from '../../server/alerts/webhook-url-guard';
import { verifyEarshotSignature } from '../helpers/webhook-receiver';

const SECRET = 'a-test-secret-of-enough-length';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    ruleId: 'rule-1',
    ruleName: 'Cancellation <risk>',
    severity: 'critical',
    kind: 'phrases',
    callId: 'call a+b/c#1',
    seqs: [7, 8],
    text: 'I want to cancel & my card is ****',
    reason: 'said “cancel”',
    at: 1_764_000_000_000,
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...overrides,
  };
}

describe('webhook signatures', () => {
  const body = JSON.stringify({ hello: 'world' });

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, and README’s verifier accepts it', () => {
    const header = signatureHeader(SECRET, body, 1_800_000_000.7);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyEarshotSignature(header, body, SECRET, 1_800_000_000)).toBe(true);
  });

  it('is rejected for another body, another secret, an edited timestamp, or one older than 5 minutes', () => {
    const header = signatureHeader(SECRET, body, 1_800_000_000);
    expect(verifyEarshotSignature(header, `${body} `, SECRET, 1_800_000_000)).toBe(false);
    expect(verifyEarshotSignature(header, body, `${SECRET}x`, 1_800_000_000)).toBe(false);
    expect(verifyEarshotSignature(header.replace('t=1800000000', 't=1800000001'), body, SECRET, 1_800_000_001)).toBe(false);
    expect(verifyEarshotSignature(header, body, SECRET, 1_800_000_000 + 301)).toBe(false);
    expect(verifyEarshotSignature(header, body, SECRET, 1_800_000_000 + 299)).toBe(true);
    expect(verifyEarshotSignature('garbage', body, SECRET, 1_800_000_000)).toBe(false);
    expect(verifyEarshotSignature('t=1800000000,v1=abc', body, SECRET, 1_800_000_000)).toBe(false);
  });
});

describe('webhook bodies', () => {
  it('Earshot JSON carries the alert, a link to the triggering line, and the first triggering seq', () => {
    expect(JSON.parse(webhookBody('earshot', alert(), 'https://earshot.example.com/'))).toEqual({
      alertId: 'alert-1',
      ruleName: 'Cancellation <risk>',
      severity: 'critical',
      callId: 'call a+b/c#1',
      callUrl: 'https://earshot.example.com/calls/call%20a%2Bb%2Fc%231#seq-7',
      seq: 7,
      text: 'I want to cancel & my card is ****',
      at: 1_764_000_000_000,
    });
  });

  it('a time-based alert has no seq and links to the call', () => {
    const body = JSON.parse(webhookBody('earshot', alert({ seqs: [], kind: 'silence' }), 'http://127.0.0.1:3000')) as { seq: unknown; callUrl: string };
    expect(body.seq).toBeNull();
    expect(body.callUrl).toBe('http://127.0.0.1:3000/calls/call%20a%2Bb%2Fc%231');
    expect(alertCallUrl('http://x', { callId: '..', seqs: [1] })).toBe('http://x/calls/..#seq-1');
    expect(JSON.parse(webhookBody('earshot', alert({ seqs: [9, 4, 6] }), 'http://x'))).toMatchObject({ seq: 4, callUrl: 'http://x/calls/call%20a%2Bb%2Fc%231#seq-4' });
  });

  it('Slack gets { text } with severity, rule, reason, quoted text and a link; caller text cannot make links or mentions', () => {
    const body = JSON.parse(webhookBody('slack', alert({ text: 'call <!channel> now\nsecond line' }), 'https://e.example')) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['text']);
    const text = body.text as string;
    expect(text).toContain('*Critical*');
    expect(text).toContain('Cancellation &lt;risk&gt;: said “cancel”');
    expect(text).toContain('> call &lt;!channel&gt; now\n> second line');
    expect(text).toContain('<https://e.example/calls/call%20a%2Bb%2Fc%231#seq-7|Open call call a+b/c#1>');
    expect(text).not.toContain('<!channel>');
  });

  it('Teams gets a workflow-webhook Adaptive Card with an Open call action', () => {
    const body = JSON.parse(webhookBody('teams', alert(), 'https://e.example')) as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string }[]; actions: { type: string; url: string }[] } }[];
    };
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const card = body.attachments[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card?.content.body.map((block) => block.text).filter(Boolean)).toEqual(['Critical: Cancellation <risk>', 'said “cancel”', 'I want to cancel & my card is ****']);
    expect(card?.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open call', url: 'https://e.example/calls/call%20a%2Bb%2Fc%231#seq-7' }]);
  });
});

describe('webhook address classification (SSRF)', () => {
  const refused = [
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '192.0.2.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:192.168.0.1',
    '::127.0.0.1',
    '::10.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '2001:db8::1',
  ];
  const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '2606:4700:4700::1111', '2a00:1450:4001:81a::200e', '::ffff:8.8.8.8'];

  it.each(refused)('refuses %s', (address) => {
    expect(forbiddenAddressReason(address)).not.toBeNull();
  });

  it.each(allowed)('allows %s', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });

  it('checks URLs without DNS: scheme, credentials, literal addresses in any spelling, localhost', () => {
    const strict = { allowPrivate: false };
    expect(checkWebhookUrl('https://hooks.slack.com/services/T0/B0/x', strict).ok).toBe(true);
    for (const url of [
      'ftp://example.com/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      'https://user:pass@example.com/',
      'https://token@example.com/',
      'http://127.0.0.1:8080/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fe80::1%25eth0]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost:3000/',
      'http://api.localhost/',
      'http://LOCALHOST./',
    ]) {
      expect(checkWebhookUrl(url, strict).ok, url).toBe(false);
    }
    const relaxed = { allowPrivate: true };
    expect(checkWebhookUrl('http://127.0.0.1:8080/', relaxed).ok).toBe(true);
    expect(checkWebhookUrl('https://user:pass@example.com/', relaxed).ok).toBe(false);
    expect(checkWebhookUrl('ftp://example.com/', relaxed).ok).toBe(false);
  });

  it('refuses a name when any of its addresses is private, and connects only to what it vetted', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example'
        ? [
            { address: '93.184.216.34', family: 4 as const },
            { address: '10.1.2.3', family: 4 as const },
          ]
        : [{ address: '2606:4700:4700::1111', family: 6 as const }];
    await expect(vetWebhookTarget(new URL('https://mixed.example/hook'), { allowPrivate: false }, resolve)).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(vetWebhookTarget(new URL('https://public.example/hook'), { allowPrivate: false }, resolve)).resolves.toEqual({ address: '2606:4700:4700::1111', family: 6 });
    await expect(vetWebhookTarget(new URL('https://mixed.example/hook'), { allowPrivate: true }, resolve)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});

describe('retries', () => {
  it('back off exponentially up to a cap, 8 attempts over about 50 minutes', () => {
    const middle = () => 0.5;
    const delays = Array.from({ length: 8 }, (_, index) => retryDelayMs(DEFAULT_RETRY_POLICY, index + 1, middle));
    expect(delays).toEqual([1_000, 4_000, 16_000, 64_000, 256_000, 1_024_000, 1_800_000, null]);
    const total = delays.reduce<number>((sum, delay) => sum + (delay ?? 0), 0);
    expect(total).toBeGreaterThan(45 * 60_000);
    expect(total).toBeLessThan(70 * 60_000);
  });

  it('jitter spreads each wait by at most ±20 %', () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, () => 0)).toBe(3_200);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, () => 1)).toBe(4_800);
    expect(retryDelayMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, 3, () => 0.5)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('retry 408, 429 and 5xx; give up on other 4xx and on redirects', () => {
    expect(outcomeForStatus(204, undefined).kind).toBe('delivered');
    for (const status of [408, 429, 500, 502, 503, 504]) expect(outcomeForStatus(status, undefined).kind, String(status)).toBe('retry');
    for (const status of [400, 401, 403, 404, 410, 413, 422, 301, 302, 307]) expect(outcomeForStatus(status, undefined).kind, String(status)).toBe('give-up');
    expect(outcomeForStatus(429, '5')).toMatchObject({ retryAfter: '5' });
    expect(outcomeForStatus(503, '5')).toMatchObject({ retryAfter: '5' });
    expect(outcomeForStatus(500, '5')).toMatchObject({ retryAfter: undefined });
  });
});

describe('delivery log targets', () => {
  it('show origin and path with long segments cut, never the query or credentials', () => {
    expect(displayTarget('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx')).toBe('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcd…');
    expect(displayTarget('https://prod-12.westus.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SECRET')).toBe(
      'https://prod-12.westus.logic.azure.com/workflows/0123…/triggers/manual/paths/invoke',
    );
    expect(displayTarget('https://user:pw@example.com/hook?token=x')).toBe('https://example.com/hook');
    expect(displayTarget('https://example.com/?token=x')).toBe('https://example.com');
  });
});
