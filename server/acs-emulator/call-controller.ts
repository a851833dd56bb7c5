/**
 * The behaviour behind every Call Automation operation: sets calls up (createCall, answerCall, connectCall),
 * connects them after a realistic delay, plays their scenario, runs transcription sessions, produces summaries and
 * hangs up, emitting the callback events ACS would, in the order ACS would. The REST layer validates and routes;
 * this decides what happens.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AcsError, acsErrors } from './acs-errors';
import { buildCloudEvent, RESULTS, type CallEventPayload, type ResultInformation } from './call-events';
import { callConnectionProperties } from './call-properties';
import {
  CallRegistry,
  type CallOrigin,
  type CallParticipant,
  type CallRecord,
  type OperationTarget,
} from './call-registry';
import type { CallbackDispatcher } from './callback-dispatcher';
import { ConversationPlayer, type ConversationEvent } from './conversation-player';
import { faultResultInformation, type Fault, type FaultInjector, type FaultOperation } from './fault-injector';
import { rawIdOf, wireIdentifier } from './identifiers';
import { newServerCallId, type IncomingCallBook } from './incoming-calls';
import { formatSummary, summarizeConversation } from './language/index';
import type {
  AnswerCallRequest,
  ConnectRequest,
  CreateCallRequest,
  StartTranscriptionRequest,
  StopTranscriptionRequest,
  SummarizeCallRequest,
  TranscriptionOptionsBody,
  UpdateTranscriptionRequest,
} from './request-schemas';
import type { ScenarioPicker } from './scenario-picker';
import type { Scenario } from './scenarios/scenario-schema';
import { TimerGroup } from './scaled-timers';
import type { SigningKeys } from './signing-keys';
import {
  applyStart,
  applySummarize,
  applyUpdate,
  isAiPreviewApiVersion,
  settingsFromSetup,
  unconfiguredSettings,
  type TranscriptionSettings,
} from './transcription-settings';
import { TranscriptionSession } from './transcription-session';

/** Call-time delays between a setup request and CallConnected. */
const CONNECT_DELAY_MS: Record<CallOrigin, number> = { createCall: 1_500, answerCall: 200, connectCall: 400 };
/** How long the service takes to acknowledge transcription operations and to produce a summary. */
const OPERATION_LATENCY_MS = 150;
const SUMMARY_LATENCY_MS = 1_200;
/** After the last line, the remote party hangs up. */
const HANG_UP_AFTER_LAST_LINE_MS = 1_000;

export type CallLifecycleEvent = { type: 'connected'; call: CallRecord } | { type: 'ended'; call: CallRecord };

export interface CallControllerOptions {
  registry: CallRegistry;
  dispatcher: CallbackDispatcher;
  keys: SigningKeys;
  faults: FaultInjector;
  incoming: IncomingCallBook;
  scenarios: ScenarioPicker;
  speedFactor: number;
  seed: number;
  /** When a scenario's last line has been spoken, the remote party hangs up (CallDisconnected). */
  hangUpWhenScenarioEnds: boolean;
  log: Logger;
}

interface CallRuntime {
  timers: TimerGroup;
  player: ConversationPlayer | undefined;
  session: TranscriptionSession | undefined;
}

export class CallController {
  private readonly runtimes = new Map<string, CallRuntime>();
  private readonly listeners = new Set<(event: CallLifecycleEvent) => void>();
  private closed = false;

  constructor(private readonly options: CallControllerOptions) {}

  onLifecycle(listener: (event: CallLifecycleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True while the call exists and has not been disconnected. */
  isLive(callConnectionId: string): boolean {
    const call = this.options.registry.find(callConnectionId);
    return call !== undefined && call.state !== 'disconnected';
  }

  // ---- Call setup ----------------------------------------------------------------------------------------------

  createCall(body: CreateCallRequest, apiVersion: string): Record<string, unknown> {
    const targets = body.targets.map((target, index) => {
      const rawId = rawIdOf(target);
      if (!rawId) throw acsErrors.invalidRequest(`targets[${index}] names no identifier.`);
      return rawId;
    });
    const fault = this.syncFault('createCall');
    const scenario = this.options.scenarios.forTargets(targets);
    const participants = participantsFor(scenario, targets);
    const agent = participants.find((participant) => participant.role === 'agent');
    const call = this.newCall({
      origin: 'createCall',
      apiVersion,
      scenario,
      participants,
      callbackUri: body.callbackUri,
      operationContext: body.operationContext,
      transcriptionOptions: body.transcriptionOptions,
      mediaStreaming: body.mediaStreamingOptions !== undefined,
      targets,
      source: body.source?.id ?? agent?.rawId,
      sourceCallerIdNumber: body.sourceCallerIdNumber ? `4:${body.sourceCallerIdNumber.value}` : undefined,
      sourceDisplayName: body.sourceDisplayName,
    });
    this.scheduleConnect(call, fault);
    return callConnectionProperties(call);
  }

  answerCall(body: AnswerCallRequest, apiVersion: string): Record<string, unknown> {
    const ringing = this.options.incoming.peek(body.incomingCallContext);
    const fault = this.syncFault('answerCall');
    const scenario = ringing.scenario;
    const call = this.newCall({
      origin: 'answerCall',
      apiVersion,
      scenario,
      participants: participantsFor(scenario, []),
      callbackUri: body.callbackUri,
      operationContext: body.operationContext,
      transcriptionOptions: body.transcriptionOptions,
      mediaStreaming: body.mediaStreamingOptions !== undefined,
      targets: [ringing.to],
      source: ringing.from,
      sourceCallerIdNumber: ringing.from.startsWith('4:') ? ringing.from : undefined,
      sourceDisplayName: ringing.callerDisplayName,
      answeredBy: body.answeredBy?.id,
      answeredFor: ringing.to.startsWith('4:') ? ringing.to : undefined,
      serverCallId: ringing.serverCallId,
      correlationId: ringing.correlationId,
    });
    this.options.incoming.settle(body.incomingCallContext, { type: 'answered', callConnectionId: call.ids.callConnectionId });
    this.scheduleConnect(call, fault);
    return callConnectionProperties(call);
  }

  connectCall(body: ConnectRequest, apiVersion: string): Record<string, unknown> {
    const { callLocator } = body;
    const locator =
      callLocator.roomId !== undefined
        ? { kind: 'roomCallLocator' as const, id: callLocator.roomId }
        : callLocator.groupCallId !== undefined
          ? { kind: 'groupCallLocator' as const, id: callLocator.groupCallId }
          : { kind: 'serverCallLocator' as const, id: callLocator.serverCallId ?? '' };
    if (callLocator.kind !== undefined && callLocator.kind !== locator.kind) {
      throw acsErrors.invalidRequest(`callLocator.kind ${callLocator.kind} does not match the id it carries.`);
    }
    const fault = this.syncFault('connectCall');
    const scenario = this.options.scenarios.next();
    const participants = participantsFor(scenario, []);
    const call = this.newCall({
      origin: 'connectCall',
      apiVersion,
      scenario,
      participants,
      callbackUri: body.callbackUri,
      operationContext: body.operationContext,
      transcriptionOptions: body.transcriptionOptions,
      mediaStreaming: body.mediaStreamingOptions !== undefined,
      targets: participants.map((participant) => participant.rawId),
      serverCallId: locator.kind === 'serverCallLocator' ? locator.id : undefined,
      locator,
    });
    this.scheduleConnect(call, fault);
    return callConnectionProperties(call);
  }

  rejectCall(incomingCallContext: string): void {
    this.options.incoming.settle(incomingCallContext, { type: 'rejected' });
  }

  redirectCall(incomingCallContext: string): void {
    this.options.incoming.settle(incomingCallContext, { type: 'redirected' });
  }

  // ---- Call connection -----------------------------------------------------------------------------------------

  getProperties(callConnectionId: string): Record<string, unknown> {
    return callConnectionProperties(this.options.registry.live(callConnectionId));
  }

  participants(callConnectionId: string): CallParticipant[] {
    return this.options.registry.live(callConnectionId).participants;
  }

  hangUp(callConnectionId: string): void {
    const call = this.options.registry.live(callConnectionId);
    this.syncFault('hangUp', callConnectionId);
    this.endCall(call, 'app');
  }

  // ---- Transcription -------------------------------------------------------------------------------------------

  startTranscription(callConnectionId: string, body: StartTranscriptionRequest, apiVersion: string): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state === 'active') throw acsErrors.notInState('Transcription is already active on this call.');
    const fault = this.syncFault('startTranscription', callConnectionId);
    const settings = applyStart(call.transcription.settings, body, isAiPreviewApiVersion(apiVersion), this.options.log);
    const target: OperationTarget = { operationContext: body.operationContext, callbackUri: body.operationCallbackUri };
    if (fault) {
      this.later(call, OPERATION_LATENCY_MS, () => this.emitTranscription(call, 'TranscriptionFailed', target, faultResultInformation(fault), 'transcriptionFailed', 'unspecifiedError'));
      return;
    }
    call.transcription.settings = settings;
    this.startSession(call, target);
  }

  stopTranscription(callConnectionId: string, body: StopTranscriptionRequest): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state !== 'active') throw acsErrors.notInState('Transcription is not active on this call.');
    const fault = this.syncFault('stopTranscription', callConnectionId);
    const target: OperationTarget = { operationContext: body.operationContext, callbackUri: body.operationCallbackUri };
    if (fault) {
      this.later(call, OPERATION_LATENCY_MS, () => this.emitTranscription(call, 'TranscriptionFailed', target, faultResultInformation(fault), 'transcriptionFailed', 'unspecifiedError'));
      return;
    }
    this.endSession(call, 'transcription stopped');
    this.later(call, OPERATION_LATENCY_MS, () =>
      this.emitTranscription(call, 'TranscriptionStopped', target, RESULTS.transcriptionStopped, 'transcriptionStopped', 'subscriptionStopped'),
    );
  }

  updateTranscription(callConnectionId: string, body: UpdateTranscriptionRequest, apiVersion: string): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state !== 'active') throw acsErrors.notInState('Transcription is not active on this call.');
    const fault = this.syncFault('updateTranscription', callConnectionId);
    const settings = applyUpdate(call.transcription.settings, body, isAiPreviewApiVersion(apiVersion), this.options.log);
    const target: OperationTarget = { operationContext: body.operationContext, callbackUri: body.operationCallbackUri };
    if (fault) {
      this.later(call, OPERATION_LATENCY_MS, () => this.emitTranscription(call, 'TranscriptionFailed', target, faultResultInformation(fault), 'transcriptionFailed', 'unspecifiedError'));
      return;
    }
    // Applies from the next utterance on: utterances already started keep the recogniser they started with.
    call.transcription.settings = settings;
    this.later(call, OPERATION_LATENCY_MS, () =>
      this.emitTranscription(call, 'TranscriptionUpdated', target, RESULTS.transcriptionUpdated, 'transcriptionUpdated', 'transcriptionLocaleUpdated'),
    );
  }

  summarizeCall(callConnectionId: string, body: SummarizeCallRequest): void {
    const call = this.requireConnected(callConnectionId);
    const fault = this.syncFault('summarizeCall', callConnectionId);
    const target: OperationTarget = { operationContext: body.operationContext, callbackUri: body.operationCallbackUri };
    call.transcription.settings = applySummarize(call.transcription.settings, body);
    this.later(call, SUMMARY_LATENCY_MS, () => this.emitSummary(call, target, fault ? faultResultInformation(fault) : undefined));
  }

  close(): void {
    this.closed = true;
    for (const call of this.options.registry.all()) {
      if (call.state === 'disconnected') continue;
      this.stopRuntime(call, 'emulator shutting down');
      this.options.registry.transition(call, 'disconnected');
      call.endReason = 'emulatorClosed';
    }
    this.listeners.clear();
  }

  // ---- Internals -----------------------------------------------------------------------------------------------

  private newCall(init: {
    origin: CallOrigin;
    apiVersion: string;
    scenario: Scenario;
    participants: CallParticipant[];
    callbackUri: string;
    operationContext: string | undefined;
    transcriptionOptions: TranscriptionOptionsBody | undefined;
    mediaStreaming: boolean;
    targets: string[];
    source?: string;
    sourceCallerIdNumber?: string;
    sourceDisplayName?: string;
    answeredBy?: string;
    answeredFor?: string;
    serverCallId?: string;
    correlationId?: string;
    locator?: CallRecord['locator'];
  }): CallRecord {
    const preview = isAiPreviewApiVersion(init.apiVersion);
    const setup = init.transcriptionOptions ? settingsFromSetup(init.transcriptionOptions, preview, this.options.log) : undefined;
    const call: CallRecord = {
      ids: {
        callConnectionId: randomUUID(),
        serverCallId: init.serverCallId ?? newServerCallId(),
        correlationId: init.correlationId ?? randomUUID(),
      },
      origin: init.origin,
      state: 'connecting',
      apiVersion: init.apiVersion,
      previewApi: preview,
      callbackUri: init.callbackUri,
      operationContext: init.operationContext,
      scenario: init.scenario,
      participants: init.participants,
      targets: init.targets,
      source: init.source,
      sourceCallerIdNumber: init.sourceCallerIdNumber,
      sourceDisplayName: init.sourceDisplayName,
      answeredBy: init.answeredBy,
      answeredFor: init.answeredFor,
      locator: init.locator,
      mediaStreamingSubscriptionId: init.mediaStreaming ? randomUUID() : undefined,
      transcription: {
        subscriptionId: randomUUID(),
        configured: setup !== undefined,
        state: setup ? 'inactive' : 'disabled',
        settings: setup?.settings ?? unconfiguredSettings(),
        session: undefined,
      },
      transcript: [],
      participantsSequence: 0,
      createdAt: Date.now(),
      connectedAt: undefined,
      endedAt: undefined,
      endReason: undefined,
    };
    this.options.registry.add(call);
    this.runtimes.set(call.ids.callConnectionId, {
      timers: new TimerGroup(this.options.speedFactor, this.callLog(call)),
      player: undefined,
      session: undefined,
    });
    this.callLog(call).info({ origin: call.origin, scenario: call.scenario.id, apiVersion: call.apiVersion }, 'call created');
    if (setup?.startOnConnect) call.transcription.session = { operationContext: call.operationContext, callbackUri: undefined };
    return call;
  }

  /** Connects after the origin's delay, or fails through its *Failed event when an async fault was injected. */
  private scheduleConnect(call: CallRecord, asyncFault: Fault | undefined): void {
    this.later(call, CONNECT_DELAY_MS[call.origin], () => {
      if (call.state !== 'connecting') return;
      if (asyncFault) {
        const type = call.origin === 'createCall' ? 'CreateCallFailed' : call.origin === 'answerCall' ? 'AnswerFailed' : 'ConnectFailed';
        this.emit(call, { type }, undefined, faultResultInformation(asyncFault));
        call.endReason = 'setupFailed';
        this.finishCall(call);
        return;
      }
      this.options.registry.transition(call, 'connected');
      this.emit(call, { type: 'CallConnected' }, undefined, RESULTS.callConnected);
      this.emitParticipants(call);
      this.notify({ type: 'connected', call });
      const runtime = this.runtime(call);
      if (!runtime) return;
      runtime.player = new ConversationPlayer(call.scenario, this.options.seed, runtime.timers, (event) => this.onConversation(call, event));
      runtime.player.start();
      const pendingStart = call.transcription.session;
      if (pendingStart) this.startSession(call, pendingStart);
    });
  }

  private onConversation(call: CallRecord, event: ConversationEvent): void {
    this.runtime(call)?.session?.handle(event);
    switch (event.type) {
      case 'holdStart':
      case 'holdEnd': {
        const customer = call.participants.find((participant) => participant.role === 'customer');
        if (!customer) return;
        customer.isOnHold = event.type === 'holdStart';
        this.emitParticipants(call);
        return;
      }
      case 'conversationEnd':
        if (this.options.hangUpWhenScenarioEnds) {
          this.later(call, HANG_UP_AFTER_LAST_LINE_MS, () => {
            if (call.state === 'connected') this.endCall(call, 'remote');
          });
        }
        return;
      case 'utteranceStart':
      case 'wordsSpoken':
      case 'utteranceEnd':
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`unhandled conversation event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private startSession(call: CallRecord, target: OperationTarget): void {
    const runtime = this.runtime(call);
    if (!runtime) return;
    call.transcription.state = 'active';
    call.transcription.session = target;
    const transportUrl = call.transcription.settings.transportUrl;
    if (transportUrl === undefined) {
      call.transcription.state = call.transcription.configured ? 'inactive' : 'disabled';
      this.later(call, OPERATION_LATENCY_MS, () =>
        this.emitTranscription(call, 'TranscriptionFailed', target, RESULTS.transportMissing, 'transcriptionFailed', 'streamUrlMissing'),
      );
      return;
    }
    const session = new TranscriptionSession(
      call,
      transportUrl,
      { keys: this.options.keys, speedFactor: this.options.speedFactor, log: this.callLog(call).child({ part: 'stream' }) },
      {
        takeTransportFault: () => this.options.faults.take('transportConnect', call.ids.callConnectionId) !== undefined,
        connected: (reconnected) => {
          if (reconnected) {
            this.emitTranscription(call, 'TranscriptionResumed', target, RESULTS.transcriptionResumed, 'transcriptionResumed', 'streamConnectionReestablished');
          } else {
            this.emitTranscription(call, 'TranscriptionStarted', target, RESULTS.transcriptionStarted, 'transcriptionStarted', 'subscriptionStarted');
          }
        },
        failed: (phase) => {
          if (runtime.session === session) runtime.session = undefined;
          call.transcription.state = 'inactive';
          if (phase === 'connect') {
            this.emitTranscription(call, 'TranscriptionFailed', target, RESULTS.transportUnreachable, 'transcriptionFailed', 'streamConnectionUnsuccessful');
          } else {
            this.emitTranscription(call, 'TranscriptionFailed', target, RESULTS.streamInterrupted, 'transcriptionFailed', 'streamConnectionInterrupted');
          }
        },
        final: (turn) => call.transcript.push(turn),
      },
    );
    runtime.session = session;
    session.start();
  }

  private endSession(call: CallRecord, reason: string): void {
    const runtime = this.runtime(call);
    runtime?.session?.stop(reason);
    if (runtime) runtime.session = undefined;
    if (call.transcription.state === 'active') call.transcription.state = 'inactive';
  }

  /** Hang-up by the app or the remote party: end-of-call summary (when enabled), then CallDisconnected, last. */
  private endCall(call: CallRecord, by: 'app' | 'remote'): void {
    if (call.state === 'disconnected' || call.state === 'disconnecting') return;
    const wasConnected = call.state === 'connected';
    if (wasConnected) this.options.registry.transition(call, 'disconnecting');
    call.endReason = by;
    const runtime = this.runtime(call);
    runtime?.timers.close();
    this.endSession(call, 'call ended');
    const summary = call.transcription.settings.summarization;
    if (wasConnected && summary?.enableEndCallSummary && call.transcript.length > 0) {
      this.emitSummary(call, { operationContext: call.operationContext, callbackUri: undefined }, undefined);
    }
    this.emit(call, { type: 'CallDisconnected' }, undefined, by === 'app' ? RESULTS.callEndedByApp : RESULTS.callEndedByRemote);
    this.finishCall(call);
  }

  private finishCall(call: CallRecord): void {
    this.stopRuntime(call, 'call ended');
    this.options.registry.transition(call, 'disconnected');
    this.callLog(call).info({ endReason: call.endReason, finals: call.transcript.length }, 'call ended');
    this.notify({ type: 'ended', call });
  }

  private stopRuntime(call: CallRecord, reason: string): void {
    const runtime = this.runtime(call);
    if (!runtime) return;
    runtime.timers.close();
    runtime.session?.stop(reason);
    this.runtimes.delete(call.ids.callConnectionId);
    if (call.transcription.state === 'active') call.transcription.state = 'inactive';
  }

  private emitSummary(call: CallRecord, target: OperationTarget, failure: ResultInformation | undefined): void {
    const settings: TranscriptionSettings = call.transcription.settings;
    const locale = settings.summarization?.locale ?? settings.locale;
    if (failure || call.transcript.length === 0) {
      this.emit(
        call,
        {
          type: 'TranscriptionCallSummaryUpdated',
          transcriptionUpdate: { transcriptionStatus: 'callSummaryUpdated', transcriptionStatusDetails: 'callSummaryFailure' },
          locale,
        },
        target,
        failure ?? RESULTS.summaryNothingYet,
      );
      return;
    }
    const summary = summarizeConversation(
      call.transcript.map((turn) => ({ speakerLabel: turn.speakerLabel, role: turn.role, text: turn.text, sentiment: turn.sentiment })),
      locale,
    );
    this.emit(
      call,
      {
        type: 'TranscriptionCallSummaryUpdated',
        transcriptionUpdate: {
          transcriptionStatus: 'callSummaryUpdated',
          transcriptionStatusDetails: 'callSummarySuccess',
          transcriptionMessage: formatSummary(summary),
        },
        locale,
      },
      target,
      RESULTS.summarySuccess,
    );
  }

  private emitParticipants(call: CallRecord): void {
    call.participantsSequence += 1;
    this.emit(
      call,
      {
        type: 'ParticipantsUpdated',
        participants: call.participants.map((participant) => ({
          identifier: wireIdentifier(participant.rawId),
          isMuted: participant.isMuted,
          isOnHold: participant.isOnHold,
        })),
        sequenceNumber: call.participantsSequence,
      },
      undefined,
      RESULTS.participantsUpdated,
    );
  }

  private emitTranscription(
    call: CallRecord,
    type: 'TranscriptionStarted' | 'TranscriptionStopped' | 'TranscriptionUpdated' | 'TranscriptionFailed' | 'TranscriptionResumed',
    target: OperationTarget,
    result: ResultInformation,
    transcriptionStatus: 'transcriptionStarted' | 'transcriptionStopped' | 'transcriptionUpdated' | 'transcriptionFailed' | 'transcriptionResumed',
    transcriptionStatusDetails:
      | 'subscriptionStarted'
      | 'subscriptionStopped'
      | 'transcriptionLocaleUpdated'
      | 'streamConnectionUnsuccessful'
      | 'streamConnectionInterrupted'
      | 'streamConnectionReestablished'
      | 'streamUrlMissing'
      | 'unspecifiedError',
  ): void {
    this.emit(call, { type, transcriptionUpdate: { transcriptionStatus, transcriptionStatusDetails } }, target, result);
  }

  /** `target` undefined: a call-level event (echoes the setup operationContext, goes to the call's callbackUri). */
  private emit(call: CallRecord, payload: CallEventPayload, target: OperationTarget | undefined, result: ResultInformation): void {
    if (this.closed) return;
    const event = buildCloudEvent(payload, {
      ids: call.ids,
      operationContext: target ? target.operationContext : call.operationContext,
      resultInformation: result,
      version: call.apiVersion,
    });
    this.options.dispatcher.enqueue(call.ids.callConnectionId, {
      url: target?.callbackUri ?? call.callbackUri,
      body: [event],
      tokenSubject: call.ids.callConnectionId,
      label: payload.type,
    });
  }

  private requireConnected(callConnectionId: string): CallRecord {
    const call = this.options.registry.live(callConnectionId);
    if (call.state !== 'connected') {
      throw acsErrors.notInState(`Action is not valid when the call is not in Established state (it is ${call.state}).`);
    }
    return call;
  }

  /**
   * A sync fault throws (the request fails with its status and code); an async one is returned so the caller can
   * accept the request and fail it through its event.
   */
  private syncFault(operation: FaultOperation, callConnectionId?: string): Fault | undefined {
    const fault = this.options.faults.take(operation, callConnectionId);
    if (!fault) return undefined;
    this.options.log.info({ operation, mode: fault.mode, status: fault.status }, 'injected fault');
    if (fault.mode === 'sync' || operation === 'hangUp') throw new AcsError(fault.status, fault.code, fault.message);
    return fault;
  }

  private later(call: CallRecord, callTimeMs: number, task: () => void): void {
    this.runtime(call)?.timers.after(callTimeMs, task);
  }

  private runtime(call: CallRecord): CallRuntime | undefined {
    return this.runtimes.get(call.ids.callConnectionId);
  }

  private notify(event: CallLifecycleEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log.error({ err: error }, 'call lifecycle listener failed');
      }
    }
  }

  private callLog(call: CallRecord): Logger {
    return this.options.log.child({ callConnectionId: call.ids.callConnectionId });
  }
}

/**
 * The scenario's people on this call. When the app dialled someone who is not in the scenario, that person takes
 * the customer's part, so transcripts and events name who was actually called.
 */
function participantsFor(scenario: Scenario, dialled: readonly string[]): CallParticipant[] {
  const participants = Object.entries(scenario.participants).map(([key, participant]) => ({
    key,
    rawId: participant.rawId,
    displayName: participant.displayName,
    role: participant.role,
    isOnHold: false,
    isMuted: false,
  }));
  const first = dialled[0];
  if (first !== undefined && !participants.some((participant) => dialled.includes(participant.rawId))) {
    const customer = participants.find((participant) => participant.role === 'customer');
    if (customer) customer.rawId = first;
  }
  return participants;
}
