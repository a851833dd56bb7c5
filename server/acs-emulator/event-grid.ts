/**
 * The Event Grid subscription that carries `Microsoft.Communication.IncomingCall` to the app (acs-reference.md §7).
 * Like Event Grid, it first proves the webhook wants the events: a `Microsoft.EventGrid.SubscriptionValidationEvent`
 * whose `validationCode` the endpoint must echo as `{"validationResponse": …}` (or confirm by GETting the
 * `validationUrl`). Until then no IncomingCall is delivered. Events use the Event Grid schema (`eventType`, not
 * CloudEvents' `type`) and are retried like callbacks, but expire when the call stops ringing.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CallbackDispatcher } from './callback-dispatcher';
import { wireIdentifier } from './identifiers';
import type { IncomingCall } from './incoming-calls';
import { backoffMs, TimerGroup } from './scaled-timers';

/** The topic Event Grid stamps on ACS events; the resource path is the emulator's own. */
export const EMULATOR_TOPIC =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/earshot/providers/Microsoft.Communication/communicationServices/acs-emulator';
const VALIDATION_TIMEOUT_MS = 10_000;
const VALIDATION_RETRY_BASE_MS = 500;
const VALIDATION_RETRY_CAP_MS = 15_000;

const ValidationResponseSchema = z.object({ validationResponse: z.string() });

export type SubscriptionState = 'none' | 'validating' | 'validated';

export interface EventGridOptions {
  /** Can also be set later with `setWebhook` (an app that learns its own URL only once it listens). */
  webhookUrl: string | undefined;
  /** Base URL of the emulator, for the manual `validationUrl`. */
  emulatorUrl: string;
  dispatcher: CallbackDispatcher;
  /** Validation retries are in real time (a webhook that is still starting), scaled so tests stay quick. */
  speedFactor: number;
  log: Logger;
}

export class EventGridSubscription {
  private state: SubscriptionState;
  private webhookUrl: string | undefined;
  /** Bumped by `setWebhook`, so a validation loop for an older URL stops. */
  private generation = 0;
  private validationCode = randomUUID();
  private readonly timers: TimerGroup;
  private readonly waiters = new Set<(validated: boolean) => void>();
  private readonly abort = new AbortController();
  attempts = 0;

  constructor(private readonly options: EventGridOptions) {
    this.webhookUrl = options.webhookUrl;
    this.state = options.webhookUrl ? 'validating' : 'none';
    this.timers = new TimerGroup(options.speedFactor, options.log);
  }

  get subscriptionState(): SubscriptionState {
    return this.state;
  }

  get validationUrl(): string {
    return `${this.options.emulatorUrl}/eventgrid/validate?code=${encodeURIComponent(this.validationCode)}`;
  }

  /** Starts the handshake; retries with backoff until the webhook answers correctly or the emulator closes. */
  start(): void {
    if (this.state !== 'validating') return;
    void this.validateLoop();
  }

  /** Points the subscription at a (new) webhook and validates it again. */
  setWebhook(url: string): void {
    if (url === this.webhookUrl && this.state !== 'none') return;
    this.webhookUrl = url;
    this.generation += 1;
    this.validationCode = randomUUID();
    this.state = 'validating';
    void this.validateLoop();
  }

  /** Resolves true once validated (waiting for a webhook to be set, if need be); false if the emulator closes first. */
  whenValidated(): Promise<boolean> {
    if (this.state === 'validated') return Promise.resolve(true);
    if (this.timers.isClosed) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** The manual handshake: a GET on `validationUrl` with the right code. */
  confirmByUrl(code: string): boolean {
    if (this.state !== 'validating' || code !== this.validationCode) return false;
    this.markValidated('validation url');
    return true;
  }

  publishIncomingCall(call: IncomingCall): void {
    const webhookUrl = this.webhookUrl;
    if (!webhookUrl || this.state !== 'validated') return;
    const event = {
      id: randomUUID(),
      topic: EMULATOR_TOPIC,
      subject: `/caller/${call.from}/recipient/${call.to}`,
      data: {
        to: wireIdentifier(call.to),
        from: wireIdentifier(call.from),
        serverCallId: call.serverCallId,
        callerDisplayName: call.callerDisplayName,
        incomingCallContext: call.incomingCallContext,
        correlationId: call.correlationId,
      },
      eventType: 'Microsoft.Communication.IncomingCall',
      dataVersion: '1.0',
      metadataVersion: '1',
      eventTime: new Date().toISOString(),
    };
    this.options.dispatcher.enqueue(`eventgrid:${call.correlationId}`, {
      url: webhookUrl,
      body: [event],
      headers: { 'aeg-event-type': 'Notification', 'aeg-subscription-name': 'EARSHOT-EMULATOR' },
      label: 'Microsoft.Communication.IncomingCall',
      expiresAt: call.expiresAt,
    });
  }

  close(): void {
    this.abort.abort();
    this.timers.close();
    for (const wake of this.waiters) wake(false);
    this.waiters.clear();
  }

  private async validateLoop(): Promise<void> {
    const url = this.webhookUrl;
    const generation = this.generation;
    if (!url) return;
    for (let attempt = 0; this.state === 'validating' && !this.timers.isClosed; attempt++) {
      this.attempts += 1;
      const failure = await this.sendValidation(url);
      if (generation !== this.generation || (this.state as SubscriptionState) === 'validated') return;
      if (failure === undefined) {
        this.markValidated('handshake');
        return;
      }
      this.options.log.warn({ attempt: attempt + 1, failure }, 'Event Grid subscription validation failed; retrying');
      if (!(await this.timers.sleep(backoffMs(Math.min(attempt, 10), VALIDATION_RETRY_BASE_MS, VALIDATION_RETRY_CAP_MS)))) return;
      if (generation !== this.generation) return;
    }
  }

  /** Undefined on success, else why it failed. */
  private async sendValidation(url: string): Promise<string | undefined> {
    const event = {
      id: randomUUID(),
      topic: EMULATOR_TOPIC,
      subject: '',
      data: { validationCode: this.validationCode, validationUrl: this.validationUrl },
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(),
      metadataVersion: '1',
      dataVersion: '1',
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
        body: JSON.stringify([event]),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(VALIDATION_TIMEOUT_MS)]),
      });
      const text = await response.text();
      if (!response.ok) return `http_${response.status}`;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return 'response is not JSON';
      }
      const parsed = ValidationResponseSchema.safeParse(json);
      if (!parsed.success) return 'response has no validationResponse';
      return parsed.data.validationResponse === this.validationCode ? undefined : 'validationResponse does not match';
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
      return (cause ?? (error instanceof Error ? error.message : 'network error')).slice(0, 120);
    }
  }

  private markValidated(how: string): void {
    this.state = 'validated';
    this.options.log.info({ how }, 'Event Grid subscription validated');
    for (const wake of this.waiters) wake(true);
    this.waiters.clear();
  }
}
