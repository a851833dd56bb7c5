/**
 * The behaviour behind every Call Automation operation: sets calls up (createCall, answerCall, connectCall),
 * connects them after a realistic delay, plays their scenario, runs transcription sessions and hangs up, emitting the
 * callback events ACS would, in the order ACS would. The REST layer validates and routes; this decides what happens.
 */
import type { Logger } from 'pino';
import { AcsError, acsErrors } from './acs-errors';
import { RESULTS } from './call-events';
import { CallEventSender } from './call-event-sender';
import { newCallRecord, participantsFor, type NewCall } from './call-factory';
import { callConnectionProperties } from './call-properties';
import type { CallOrigin, CallRecord, CallRegistry, OperationTarget } from './call-registry';
import type { CallbackDispatcher } from './callback-dispatcher';
import { ConversationPlayer, type ConversationEvent } from './conversation-player';
import { faultResultInformation, type Fault, type FaultInjector, type FaultOperation } from './fault-injector';
import { rawIdOf } from './identifiers';
import type { IncomingCallBook } from './incoming-calls';
import type {
  AnswerCallRequest,
  ConnectRequest,
  CreateCallRequest,
  StartTranscriptionRequest,
  StopTranscriptionRequest,
  SummarizeCallRequest,
  UpdateTranscriptionRequest,
} from './request-schemas';
import type { ScenarioPicker } from './scenario-picker';
import { TimerGroup } from './scaled-timers';
import type { SigningKeys } from './signing-keys';
import { applyStart, applySummarize, applyUpdate, isAiPreviewApiVersion } from './transcription-settings';
import { TranscriptionSession } from './transcription-session';

/** Call-time delays between a setup request and CallConnected (ringing for an outbound call). */
const CONNECT_DELAY_MS: Record<CallOrigin, number> = { createCall: 1_500, answerCall: 200, connectCall: 400 };
/** How long the service takes to acknowledge a transcription operation, and to produce a summary. */
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

/** What a live call runs: its timers (closed at hang-up), its conversation and its transcription session. */
interface CallRuntime {
  timers: TimerGroup;
  player: ConversationPlayer | undefined;
  session: TranscriptionSession | undefined;
}

export class CallController {
  private readonly runtimes = new Map<string, CallRuntime>();
  private readonly listeners = new Set<(event: CallLifecycleEvent) => void>();
  private readonly events: CallEventSender;

  constructor(private readonly options: CallControllerOptions) {
    this.events = new CallEventSender(options.dispatcher);
  }

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
    const fault = this.fault('createCall');
    const scenario = this.options.scenarios.forTargets(targets);
    const participants = participantsFor(scenario, targets);
    const call = this.register({
      origin: 'createCall',
      apiVersion,
      scenario,
      participants,
      callbackUri: body.callbackUri,
      operationContext: body.operationContext,
      transcriptionOptions: body.transcriptionOptions,
      mediaStreaming: body.mediaStreamingOptions !== undefined,
      targets,
      // Without a source identity the call comes from the scenario's agent, who does the talking.
      source: body.source?.id ?? participants.find((participant) => participant.role === 'agent')?.rawId,
      sourceCallerIdNumber: body.sourceCallerIdNumber ? `4:${body.sourceCallerIdNumber.value}` : undefined,
      sourceDisplayName: body.sourceDisplayName,
    });
    this.scheduleConnect(call, fault);
    return callConnectionProperties(call);
  }

  answerCall(body: AnswerCallRequest, apiVersion: string): Record<string, unknown> {
    const ringing = this.options.incoming.peek(body.incomingCallContext);
    // A sync fault fails the request while the call keeps ringing; only a successful answer takes it off the book.
    const fault = this.fault('answerCall');
    const call = this.register({
      origin: 'answerCall',
      apiVersion,
      scenario: ringing.scenario,
      participants: participantsFor(ringing.scenario, []),
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
    const locator: NonNullable<CallRecord['locator']> =
      callLocator.roomId !== undefined
        ? { kind: 'roomCallLocator', id: callLocator.roomId }
        : callLocator.groupCallId !== undefined
          ? { kind: 'groupCallLocator', id: callLocator.groupCallId }
          : { kind: 'serverCallLocator', id: callLocator.serverCallId ?? '' };
    if (callLocator.kind !== undefined && callLocator.kind !== locator.kind) {
      throw acsErrors.invalidRequest(`callLocator.kind ${callLocator.kind} does not match the id it carries.`);
    }
    const fault = this.fault('connectCall');
    const scenario = this.options.scenarios.next();
    const participants = participantsFor(scenario, []);
    const call = this.register({
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

  hangUp(callConnectionId: string): void {
    const call = this.options.registry.live(callConnectionId);
    this.fault('hangUp', callConnectionId);
    this.endCall(call, 'app');
  }

  // ---- Transcription -------------------------------------------------------------------------------------------

  startTranscription(callConnectionId: string, body: StartTranscriptionRequest, apiVersion: string): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state === 'active') throw acsErrors.notInState('Transcription is already active on this call.');
    const fault = this.fault('startTranscription', callConnectionId);
    if (fault?.mode === 'silent') return;
    const settings = applyStart(call.transcription.settings, body, isAiPreviewApiVersion(apiVersion), this.options.log);
    const target = operationTarget(body);
    if (fault) {
      this.failLater(call, target, fault);
      return;
    }
    call.transcription.settings = settings;
    this.startSession(call, target);
  }

  stopTranscription(callConnectionId: string, body: StopTranscriptionRequest): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state !== 'active') throw acsErrors.notInState('Transcription is not active on this call.');
    const fault = this.fault('stopTranscription', callConnectionId);
    if (fault?.mode === 'silent') return;
    const target = operationTarget(body);
    if (fault) {
      this.failLater(call, target, fault);
      return;
    }
    this.endSession(call, 'transcription stopped');
    this.later(call, OPERATION_LATENCY_MS, () => this.events.transcription(call, target, 'stopped'));
  }

  updateTranscription(callConnectionId: string, body: UpdateTranscriptionRequest, apiVersion: string): void {
    const call = this.requireConnected(callConnectionId);
    if (call.transcription.state !== 'active') throw acsErrors.notInState('Transcription is not active on this call.');
    const fault = this.fault('updateTranscription', callConnectionId);
    if (fault?.mode === 'silent') return;
    const settings = applyUpdate(call.transcription.settings, body, isAiPreviewApiVersion(apiVersion), this.options.log);
    const target = operationTarget(body);
    if (fault) {
      this.failLater(call, target, fault);
      return;
    }
    // Takes effect from the next utterance on: an utterance already under way keeps the recogniser it started with.
    call.transcription.settings = settings;
    this.later(call, OPERATION_LATENCY_MS, () => this.events.transcription(call, target, 'updated'));
  }

  summarizeCall(callConnectionId: string, body: SummarizeCallRequest): void {
    const call = this.requireConnected(callConnectionId);
    const fault = this.fault('summarizeCall', callConnectionId);
    if (fault?.mode === 'silent') return;
    call.transcription.settings = applySummarize(call.transcription.settings, body);
    const target = operationTarget(body);
    this.later(call, SUMMARY_LATENCY_MS, () => this.events.summary(call, target, fault ? faultResultInformation(fault) : undefined));
  }

  /** Stops every call without events (the emulator is shutting down, nobody is listening). */
  close(): void {
    this.events.close();
    for (const call of this.options.registry.all()) {
      if (call.state === 'disconnected') continue;
      this.stopRuntime(call, 'emulator shutting down');
      call.endReason = 'emulatorClosed';
      this.options.registry.transition(call, 'disconnected');
    }
    this.listeners.clear();
  }

  // ---- Internals -----------------------------------------------------------------------------------------------

  private register(init: NewCall): CallRecord {
    const call = newCallRecord(init, this.options.log);
    this.options.registry.add(call);
    this.runtimes.set(call.ids.callConnectionId, {
      timers: new TimerGroup(this.options.speedFactor, this.callLog(call)),
      player: undefined,
      session: undefined,
    });
    this.callLog(call).info({ origin: call.origin, scenario: call.scenario.id, apiVersion: call.apiVersion }, 'call created');
    return call;
  }

  /** Connects after the origin's delay, or fails through its *Failed event when an async fault was injected. */
  private scheduleConnect(call: CallRecord, asyncFault: Fault | undefined): void {
    this.later(call, CONNECT_DELAY_MS[call.origin], () => {
      if (call.state !== 'connecting') return;
      // A silent fault: ACS accepted the call but its CallConnected never comes.
      if (asyncFault?.mode === 'silent') return;
      if (asyncFault) {
        const type = call.origin === 'createCall' ? 'CreateCallFailed' : call.origin === 'answerCall' ? 'AnswerFailed' : 'ConnectFailed';
        this.events.call(call, type, faultResultInformation(asyncFault));
        call.endReason = 'setupFailed';
        this.finishCall(call);
        return;
      }
      this.options.registry.transition(call, 'connected');
      this.events.call(call, 'CallConnected', RESULTS.callConnected);
      this.events.participants(call);
      this.notify({ type: 'connected', call });
      const runtime = this.runtime(call);
      if (!runtime) return;
      runtime.player = new ConversationPlayer(call.scenario, this.options.seed, runtime.timers, (event) => this.onConversation(call, event));
      runtime.player.start();
      const startOnConnect = call.transcription.session;
      if (startOnConnect) this.startSession(call, startOnConnect);
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
        this.events.participants(call);
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
    // Active from the moment the start is accepted, so a second start is refused even while the socket connects.
    call.transcription.state = 'active';
    call.transcription.session = target;
    const transportUrl = call.transcription.settings.transportUrl;
    if (transportUrl === undefined) {
      call.transcription.state = call.transcription.configured ? 'inactive' : 'disabled';
      call.transcription.session = undefined;
      this.later(call, OPERATION_LATENCY_MS, () => this.events.transcription(call, target, 'transportMissing'));
      return;
    }
    const session = new TranscriptionSession(
      call,
      transportUrl,
      { keys: this.options.keys, speedFactor: this.options.speedFactor, log: this.callLog(call).child({ part: 'stream' }) },
      {
        takeTransportFault: () => this.options.faults.take('transportConnect', call.ids.callConnectionId) !== undefined,
        connected: (reconnected) => this.events.transcription(call, target, reconnected ? 'resumed' : 'started'),
        failed: (phase) => {
          if (runtime.session === session) runtime.session = undefined;
          call.transcription.state = 'inactive';
          call.transcription.session = undefined;
          this.events.transcription(call, target, phase === 'connect' ? 'transportUnreachable' : 'streamInterrupted');
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
    call.transcription.session = undefined;
    if (call.transcription.state === 'active') call.transcription.state = 'inactive';
  }

  /** Hang-up by the app or the remote party: end-of-call summary (when enabled), then CallDisconnected, last. */
  private endCall(call: CallRecord, by: 'app' | 'remote'): void {
    if (call.state === 'disconnected' || call.state === 'disconnecting') return;
    const wasConnected = call.state === 'connected';
    if (wasConnected) this.options.registry.transition(call, 'disconnecting');
    call.endReason = by;
    this.runtime(call)?.timers.close();
    this.endSession(call, 'call ended');
    if (wasConnected && call.transcription.settings.summarization?.enableEndCallSummary && call.transcript.length > 0) {
      this.events.summary(call, { operationContext: call.operationContext, callbackUri: undefined }, undefined);
    }
    this.events.call(call, 'CallDisconnected', by === 'app' ? RESULTS.callEndedByApp : RESULTS.callEndedByRemote);
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

  /** An accepted operation that an async fault makes fail through TranscriptionFailed. */
  private failLater(call: CallRecord, target: OperationTarget, fault: Fault): void {
    this.later(call, OPERATION_LATENCY_MS, () => this.events.transcription(call, target, 'operationFailed', faultResultInformation(fault)));
  }

  private requireConnected(callConnectionId: string): CallRecord {
    const call = this.options.registry.live(callConnectionId);
    if (call.state !== 'connected') {
      throw acsErrors.notInState(`Action is not valid when the call is not in Established state (it is ${call.state}).`);
    }
    return call;
  }

  /**
   * Consumes an injected fault for the operation. A sync fault throws (the request fails with its status and code);
   * an async one is returned so the caller can accept the request and fail it through its event.
   */
  private fault(operation: FaultOperation, callConnectionId?: string): Fault | undefined {
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

function operationTarget(body: { operationContext?: string; operationCallbackUri?: string }): OperationTarget {
  return { operationContext: body.operationContext, callbackUri: body.operationCallbackUri };
}
