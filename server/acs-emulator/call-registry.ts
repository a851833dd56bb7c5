/**
 * The calls the emulator knows, and the one place their connection state changes. A call moves
 * connecting → connected → (disconnecting →) disconnected, or straight from connecting to disconnected when setup
 * fails; anything else is a bug and throws. Ended calls are kept (bounded) for tests to inspect, but to the REST
 * API a disconnected call no longer exists, as in ACS.
 */
import { acsErrors } from './acs-errors';
import type { CallIds } from './call-events';
import type { Scenario } from './scenarios/scenario-schema';
import type { TranscriptionSettings } from './transcription-settings';

export type CallOrigin = 'createCall' | 'answerCall' | 'connectCall';
export type CallConnectionState = 'connecting' | 'connected' | 'disconnecting' | 'disconnected';
export type TranscriptionSubscriptionState = 'disabled' | 'inactive' | 'active';

export interface CallParticipant {
  /** Key in the scenario's `participants`. */
  key: string;
  rawId: string;
  displayName: string;
  role: 'agent' | 'customer';
  isOnHold: boolean;
  isMuted: boolean;
}

/** Where events of one operation go, and what they echo. */
export interface OperationTarget {
  operationContext: string | undefined;
  /** `operationCallbackUri` of the operation; undefined means the call's `callbackUri`. */
  callbackUri: string | undefined;
}

export interface TranscriptionRecord {
  subscriptionId: string;
  /** True when the call was set up with `transcriptionOptions`. */
  configured: boolean;
  state: TranscriptionSubscriptionState;
  settings: TranscriptionSettings;
  /** The start that opened the current session: its events (Started, Failed, Resumed) go there. */
  session: OperationTarget | undefined;
}

/** One final result as recognised (masked when PII redaction was on): the material for summaries. */
export interface TranscribedTurn {
  participantRawId: string;
  speakerLabel: string;
  role: 'agent' | 'customer';
  text: string;
  sentiment: 'positive' | 'neutral' | 'negative' | 'mixed' | undefined;
  locale: string;
  offsetTicks: number;
}

export interface CallRecord {
  ids: CallIds;
  origin: CallOrigin;
  state: CallConnectionState;
  apiVersion: string;
  previewApi: boolean;
  callbackUri: string;
  operationContext: string | undefined;
  scenario: Scenario;
  participants: CallParticipant[];
  targets: string[];
  source: string | undefined;
  sourceCallerIdNumber: string | undefined;
  sourceDisplayName: string | undefined;
  answeredBy: string | undefined;
  answeredFor: string | undefined;
  locator: { kind: 'roomCallLocator' | 'serverCallLocator' | 'groupCallLocator'; id: string } | undefined;
  mediaStreamingSubscriptionId: string | undefined;
  transcription: TranscriptionRecord;
  transcript: TranscribedTurn[];
  participantsSequence: number;
  createdAt: number;
  connectedAt: number | undefined;
  endedAt: number | undefined;
  endReason: 'app' | 'remote' | 'setupFailed' | 'emulatorClosed' | undefined;
}

/** A deep, read-only copy for tests and tools. */
export type CallSnapshot = Readonly<Omit<CallRecord, 'scenario'> & { scenarioId: string }>;

const ALLOWED: Record<CallConnectionState, readonly CallConnectionState[]> = {
  connecting: ['connected', 'disconnected'],
  connected: ['disconnecting', 'disconnected'],
  disconnecting: ['disconnected'],
  disconnected: [],
};

/** Ended calls kept for inspection; older ones are forgotten. */
const MAX_ENDED_CALLS = 200;

export class CallRegistry {
  private readonly calls = new Map<string, CallRecord>();

  add(call: CallRecord): void {
    this.calls.set(call.ids.callConnectionId, call);
  }

  /** A call the REST API may act on: known and not disconnected. */
  live(callConnectionId: string): CallRecord {
    const call = this.calls.get(callConnectionId);
    if (!call || call.state === 'disconnected') throw acsErrors.callNotFound(callConnectionId);
    return call;
  }

  find(callConnectionId: string): CallRecord | undefined {
    return this.calls.get(callConnectionId);
  }

  transition(call: CallRecord, to: CallConnectionState): void {
    if (!ALLOWED[call.state].includes(to)) {
      throw new Error(`call ${call.ids.callConnectionId}: invalid transition ${call.state} → ${to}`);
    }
    call.state = to;
    if (to === 'connected') call.connectedAt = Date.now();
    if (to === 'disconnected') {
      call.endedAt = Date.now();
      this.forgetOldEndedCalls();
    }
  }

  all(): CallRecord[] {
    return [...this.calls.values()];
  }

  snapshot(call: CallRecord): CallSnapshot {
    const { scenario, ...rest } = call;
    return structuredClone({ ...rest, scenarioId: scenario.id });
  }

  private forgetOldEndedCalls(): void {
    const ended = this.all().filter((call) => call.state === 'disconnected');
    for (const call of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_CALLS))) this.calls.delete(call.ids.callConnectionId);
  }
}
