import { describe, expect, it } from 'vitest';
import { ConfigError, EMULATOR_AUDIENCE, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('runs with nothing set: port 3000, the emulator, the development key trusted', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.acsConnectionString).toBeUndefined();
    expect(config.acsTrust).toMatchObject({ audience: EMULATOR_AUDIENCE, jwksUrl: undefined, trustDevKey: true });
    expect(config.emulator.demoCalls).toBe(3);
    expect(config.acs.defaultTranscription).toEqual({ locale: 'en-US', locales: ['en-US', 'es-ES', 'hi-IN'], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: true });
  });

  it('lists every invalid variable in one message', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', SUPERVISOR_PASSWORD: 'short', SUPERVISOR_USERNAME: 'sam', TRANSCRIPTION_CANDIDATE_LOCALES: 'en-US,es-ES,hi-IN,fr-FR,de-DE', ACS_JWKS_URL: 'not a url' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'SUPERVISOR_PASSWORD', 'TRANSCRIPTION_CANDIDATE_LOCALES', 'ACS_JWKS_URL']) expect(problems).toContain(name);
    expect((caught as ConfigError).message).toContain('.env.example');
  });

  it('with a real ACS resource, requires its audience, trusts ACS keys and stops trusting the development key', () => {
    expect(() => loadConfig({ ACS_CONNECTION_STRING: 'endpoint=https://contoso.communication.azure.com/;accesskey=abc=' })).toThrow(/ACS_JWT_AUDIENCE/);
    const config = loadConfig({ ACS_CONNECTION_STRING: 'endpoint=https://contoso.communication.azure.com/;accesskey=abc=', ACS_JWT_AUDIENCE: 'resource-id' });
    expect(config.acsTrust).toMatchObject({ audience: 'resource-id', jwksUrl: 'https://acscallautomation.communication.azure.com/calling/keys', trustDevKey: false });
    expect(() => loadConfig({ ACS_CONNECTION_STRING: 'accesskey=abc;endpoint=https://x' })).toThrow(/ACS_CONNECTION_STRING/);
  });

  it('needs both supervisor variables or neither, and derives secure cookies from an https public URL', () => {
    expect(() => loadConfig({ SUPERVISOR_USERNAME: 'sam' })).toThrow(/set both or neither/);
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://earshot.example.com/' })).toMatchObject({ publicBaseUrl: 'https://earshot.example.com', secureCookies: true });
    expect(loadConfig({ TRANSCRIPTION_CANDIDATE_LOCALES: '' }).acs.defaultTranscription.locales).toEqual([]);
  });

  it('periodic summaries: every 2 minutes in the emulator, off with real ACS unless set, `off` or minutes', () => {
    const realAcs = { ACS_CONNECTION_STRING: 'endpoint=https://contoso.communication.azure.com/;accesskey=abc=', ACS_JWT_AUDIENCE: 'resource-id' };
    expect(loadConfig({}).acs.summaryIntervalMs).toBe(120_000);
    expect(loadConfig(realAcs).acs.summaryIntervalMs).toBe(0);
    expect(loadConfig({ ...realAcs, SUMMARY_INTERVAL_MINUTES: '15' }).acs.summaryIntervalMs).toBe(900_000);
    expect(loadConfig({ SUMMARY_INTERVAL_MINUTES: 'off' }).acs.summaryIntervalMs).toBe(0);
    expect(loadConfig({ SUMMARY_INTERVAL_MINUTES: '0.5' }).acs.summaryIntervalMs).toBe(30_000);
    expect(() => loadConfig({ SUMMARY_INTERVAL_MINUTES: 'hourly' })).toThrow(/SUMMARY_INTERVAL_MINUTES/);
    expect(() => loadConfig({ SUMMARY_INTERVAL_MINUTES: '-1' })).toThrow(/SUMMARY_INTERVAL_MINUTES/);
  });

  it('reads TRUST_PROXY as a hop count and ALLOWED_ORIGINS as bare origins', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: 0, allowedOrigins: [] });
    expect(loadConfig({ TRUST_PROXY: '2', ALLOWED_ORIGINS: 'https://Wallboard.example.com/, http://10.0.0.9:8080,https://x.example:443' })).toMatchObject({
      trustProxy: 2,
      allowedOrigins: ['https://wallboard.example.com', 'http://10.0.0.9:8080', 'https://x.example'],
    });
    for (const bad of [{ TRUST_PROXY: '1.5' }, { TRUST_PROXY: '-1' }, { TRUST_PROXY: 'yes' }]) expect(() => loadConfig(bad)).toThrow(/TRUST_PROXY/);
    for (const origin of ['https://a.example/path', 'ftp://a.example', 'a.example', 'https://user@a.example', 'https://a.example?x=1']) {
      expect(() => loadConfig({ ALLOWED_ORIGINS: `https://ok.example,${origin}` })).toThrow(/ALLOWED_ORIGINS/);
    }
  });

  it('reads the alert webhook settings: no webhook, earshot format and private addresses refused by default', () => {
    expect(loadConfig({}).alertWebhooks).toEqual({ url: undefined, format: 'earshot', secret: undefined, allowPrivate: false });
    expect(
      loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', ALERT_WEBHOOK_FORMAT: 'slack', ALERT_WEBHOOK_SECRET: '0123456789abcdef', ALERT_WEBHOOK_ALLOW_PRIVATE: 'false' }).alertWebhooks,
    ).toEqual({ url: 'https://hooks.slack.com/services/T0/B0/x', format: 'slack', secret: '0123456789abcdef', allowPrivate: false });
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'http://10.0.0.5/hook', ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' }).alertWebhooks.url).toBe('http://10.0.0.5/hook');
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'http://10.0.0.5/hook' })).toThrow(/ALERT_WEBHOOK_URL: private address refused/);
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://user:pw@example.com/hook' })).toThrow(/ALERT_WEBHOOK_URL: credentials/);
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'ftp://example.com/hook' })).toThrow(/ALERT_WEBHOOK_URL/);
    expect(() => loadConfig({ ALERT_WEBHOOK_FORMAT: 'discord' })).toThrow(/ALERT_WEBHOOK_FORMAT/);
    expect(() => loadConfig({ ALERT_WEBHOOK_SECRET: 'short' })).toThrow(/ALERT_WEBHOOK_SECRET/);
  });
});
