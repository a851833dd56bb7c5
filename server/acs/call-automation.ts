/**
 * The one adapter between Earshot and ACS Call Automation. The real SDK is the client for everything it
 * supports; the preview fields it lacks go through `previewTranscriptionPolicy`, and `summarizeCall` (absent
 * from SDK 1.6.0) through core-rest-pipeline with communication-common's HMAC policy. Works unchanged against
 * the embedded emulator and a real ACS resource.
 */
import { CallAutomationClient, type CallConnectionProperties, type CallLocator, type TranscriptionOptions } from '@azure/communication-call-automation';
import { createCommunicationAuthPolicy, parseClientArguments, type CommunicationIdentifier } from '@azure/communication-common';
import { createDefaultHttpClient, createHttpHeaders, createPipelineFromOptions, createPipelineRequest, type HttpClient, type Pipeline } from '@azure/core-rest-pipeline';
import { toAcsOperationError, AcsOperationError } from './acs-operation-error';
import { PREVIEW_API_VERSION, previewTranscriptionPolicy, requestTimeoutPolicy, withPreviewFields, type PreviewTranscriptionFields } from './preview-transcription-policy';

export interface TranscriptionSettings {
  /** Recognition locale; with `locales`, the first candidate is used. */
  locale: string;
  /** Candidate locales for language identification (up to 4). */
  locales?: string[];
  sentimentAnalysis?: boolean;
  piiRedaction?: boolean;
  intermediateResults?: boolean;
  endCallSummary?: boolean;
  /** Start transcribing as soon as the call connects. */
  startImmediately?: boolean;
  speechModelEndpointId?: string;
}

export type CallTarget = { kind: 'phoneNumber'; phoneNumber: string } | { kind: 'communicationUser'; communicationUserId: string };
export type ConnectLocator = { kind: 'roomCallLocator' | 'serverCallLocator' | 'groupCallLocator'; id: string };

export interface ConnectedCall {
  callConnectionId: string;
  serverCallId: string | null;
  correlationId: string | null;
  state: string | null;
}

export interface AcsCallAutomationOptions {
  connectionString: string;
  /** Where ACS posts this call's events. */
  callbackUrl: string;
  /** The transcript WebSocket ACS connects to (`wss://…/ws/transcripts`). */
  transportUrl: string;
  cognitiveServicesEndpoint?: string;
  timeoutMs: number;
  /** Retries for requests that are safe to repeat (those with repeatability headers, and DELETE). */
  maxRetries: number;
}

export class AcsCallAutomation {
  private readonly setupClient: CallAutomationClient;
  private readonly mediaClient: CallAutomationClient;
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  private readonly endpoint: string;
  private readonly insecure: boolean;

  constructor(private readonly options: AcsCallAutomationOptions) {
    const { url } = parseClientArguments(options.connectionString);
    this.endpoint = url.replace(/\/+$/, '');
    this.insecure = this.endpoint.startsWith('http://');
    const common = {
      // Only the emulator (or a local test double) is plain http; real ACS is always https.
      allowInsecureConnection: this.insecure,
      additionalPolicies: [
        { policy: previewTranscriptionPolicy, position: 'perCall' as const },
        { policy: requestTimeoutPolicy(options.timeoutMs), position: 'perCall' as const },
      ],
    };
    this.setupClient = new CallAutomationClient(options.connectionString, { ...common, retryOptions: { maxRetries: options.maxRetries, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 } });
    // Transcription operations carry no repeatability id: a retried start after a lost answer would fail as
    // "already running", so they are never retried automatically.
    this.mediaClient = new CallAutomationClient(options.connectionString, { ...common, retryOptions: { maxRetries: 0 } });
    this.pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 0 } });
    this.pipeline.addPolicy(createCommunicationAuthPolicy(parseClientArguments(options.connectionString).credential));
    this.httpClient = createDefaultHttpClient();
  }

  async createCall(target: CallTarget, settings: TranscriptionSettings, extra: { sourcePhoneNumber?: string; operationContext?: string } = {}): Promise<ConnectedCall> {
    const targetParticipant: CommunicationIdentifier = target.kind === 'phoneNumber' ? { phoneNumber: target.phoneNumber } : { communicationUserId: target.communicationUserId };
    return this.run('createCall', previewFields(settings), async () => {
      const result = await this.setupClient.createCall(
        { targetParticipant, ...(extra.sourcePhoneNumber ? { sourceCallIdNumber: { phoneNumber: extra.sourcePhoneNumber } } : {}) },
        this.options.callbackUrl,
        { operationContext: extra.operationContext, transcriptionOptions: this.transcriptionOptions(settings), ...this.intelligence() },
      );
      return connected(result.callConnectionProperties);
    });
  }

  async answerCall(incomingCallContext: string, settings: TranscriptionSettings, operationContext?: string): Promise<ConnectedCall> {
    return this.run('answerCall', previewFields(settings), async () => {
      const result = await this.setupClient.answerCall(incomingCallContext, this.options.callbackUrl, {
        operationContext,
        transcriptionOptions: this.transcriptionOptions(settings),
        ...this.intelligence(),
      });
      return connected(result.callConnectionProperties);
    });
  }

  async connectCall(locator: ConnectLocator, settings: TranscriptionSettings, operationContext?: string): Promise<ConnectedCall> {
    return this.run('connectCall', previewFields(settings), async () => {
      const callLocator: CallLocator = { id: locator.id, kind: locator.kind };
      const result = await this.setupClient.connectCall(callLocator, this.options.callbackUrl, {
        operationContext,
        transcriptionOptions: this.transcriptionOptions(settings),
        ...this.intelligence(),
      });
      return connected(result.callConnectionProperties);
    });
  }

  async startTranscription(callId: string, options: { locale?: string; operationContext?: string; speechModelEndpointId?: string; preview?: PreviewTranscriptionFields } = {}) {
    await this.run('startTranscription', options.preview, () =>
      this.mediaClient.getCallConnection(callId).getCallMedia().startTranscription({
        locale: options.locale,
        operationContext: options.operationContext,
        speechRecognitionModelEndpointId: options.speechModelEndpointId,
      }),
    );
  }

  async stopTranscription(callId: string, operationContext?: string) {
    await this.run('stopTranscription', undefined, () => this.mediaClient.getCallConnection(callId).getCallMedia().stopTranscription({ operationContext }));
  }

  async updateTranscription(callId: string, locale: string, options: { operationContext?: string; speechModelEndpointId?: string } = {}) {
    await this.run('updateTranscription', undefined, () =>
      this.mediaClient.getCallConnection(callId).getCallMedia().updateTranscription(locale, {
        operationContext: options.operationContext,
        speechRecognitionModelEndpointId: options.speechModelEndpointId,
      }),
    );
  }

  /** Preview-only operation: POST …:summarizeCall, 202, then a TranscriptionCallSummaryUpdated event. */
  async summarizeCall(callId: string, options: { operationContext?: string; locale?: string; enableEndCallSummary?: boolean } = {}) {
    const body = {
      ...(options.operationContext ? { operationContext: options.operationContext } : {}),
      summarizationOptions: { ...(options.locale ? { locale: options.locale } : {}), ...(options.enableEndCallSummary !== undefined ? { enableEndCallSummary: options.enableEndCallSummary } : {}) },
    };
    const request = createPipelineRequest({
      url: `${this.endpoint}/calling/callConnections/${encodeURIComponent(callId)}:summarizeCall?api-version=${PREVIEW_API_VERSION}`,
      method: 'POST',
      headers: createHttpHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
      body: JSON.stringify(body),
      timeout: this.options.timeoutMs,
      allowInsecureConnection: this.insecure,
    });
    let response;
    try {
      response = await this.pipeline.sendRequest(this.httpClient, request);
    } catch (error) {
      throw toAcsOperationError('summarizeCall', error);
    }
    if (response.status !== 202) throw errorFromBody('summarizeCall', response.status, response.bodyAsText ?? undefined);
  }

  async hangUp(callId: string, forEveryone: boolean) {
    await this.run('hangUp', undefined, () => this.setupClient.getCallConnection(callId).hangUp(forEveryone));
  }

  async getCall(callId: string): Promise<CallConnectionProperties> {
    return this.run('getCallConnectionProperties', undefined, () => this.setupClient.getCallConnection(callId).getCallConnectionProperties());
  }

  private transcriptionOptions(settings: TranscriptionSettings): TranscriptionOptions {
    return {
      transportType: 'websocket',
      transportUrl: this.options.transportUrl,
      locale: settings.locale,
      startTranscription: settings.startImmediately ?? true,
      enableIntermediateResults: settings.intermediateResults ?? true,
      ...(settings.speechModelEndpointId ? { speechModelEndpointId: settings.speechModelEndpointId } : {}),
    };
  }

  private intelligence() {
    return this.options.cognitiveServicesEndpoint ? { callIntelligenceOptions: { cognitiveServicesEndpoint: this.options.cognitiveServicesEndpoint } } : {};
  }

  private async run<T>(operation: string, preview: PreviewTranscriptionFields | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await withPreviewFields(preview, call);
    } catch (error) {
      throw toAcsOperationError(operation, error);
    }
  }
}

export function previewFields(settings: TranscriptionSettings): PreviewTranscriptionFields {
  return {
    ...(settings.sentimentAnalysis !== undefined ? { enableSentimentAnalysis: settings.sentimentAnalysis } : {}),
    ...(settings.piiRedaction ? { piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' as const } } : {}),
    ...(settings.locales && settings.locales.length > 0 ? { locales: settings.locales } : {}),
    ...(settings.endCallSummary !== undefined ? { summarizationOptions: { enableEndCallSummary: settings.endCallSummary, locale: settings.locale } } : {}),
  };
}

function connected(properties: CallConnectionProperties): ConnectedCall {
  if (!properties.callConnectionId) throw new AcsOperationError('connect', 502, 'acs_bad_response', 'ACS returned no callConnectionId');
  return {
    callConnectionId: properties.callConnectionId,
    serverCallId: properties.serverCallId ?? null,
    correlationId: properties.correlationId ?? null,
    state: properties.callConnectionState ?? null,
  };
}

function errorFromBody(operation: string, status: number, text: string | undefined): AcsOperationError {
  try {
    const parsed = JSON.parse(text ?? '') as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string') return new AcsOperationError(operation, status, parsed.error.code, parsed.error.message);
  } catch {
    // Not ACS's JSON error body; fall through to a generic message.
  }
  return new AcsOperationError(operation, status, 'acs_error', `ACS answered ${operation} with HTTP ${status}`);
}
