/**
 * What happens between startTranscription and stopTranscription on one call: each utterance that starts while the
 * session runs is recognised with the settings in force at that moment, its intermediate results are streamed as
 * the words are spoken (when enabled), and its final result follows shortly after the speaker stops.
 */
import type { Logger } from 'pino';
import { msToTicks } from '../../lib/acs/transcription-packets';
import type { CallParticipant, CallRecord, TranscribedTurn } from './call-registry';
import type { ConversationEvent } from './conversation-player';
import { recognizeUtterance, type RecognizedUtterance } from './recognition';
import { TimerGroup } from './scaled-timers';
import type { SigningKeys } from './signing-keys';

const ROLE_LABELS: Record<'agent' | 'customer', string> = { agent: 'Agent', customer: 'Customer' };
import { TranscriptionStreamer } from './transcription-streamer';

/** Speech services wait for a short silence before they finalise a phrase. */
const FINAL_LATENCY_MS = 350;
/** Azure Speech emits a new hypothesis a few times a second, not per word. */
const MIN_INTERMEDIATE_INTERVAL_MS = 400;

export interface SessionHooks {
  connected(reconnected: boolean): void;
  failed(phase: 'connect' | 'interrupted', detail: string): void;
  final(turn: TranscribedTurn): void;
  takeTransportFault(): boolean;
}

interface UtteranceInProgress {
  recognized: RecognizedUtterance;
  speaker: CallParticipant;
  startMs: number;
  lastIntermediateAtMs: number;
}

export class TranscriptionSession {
  private readonly streamer: TranscriptionStreamer;
  private readonly timers: TimerGroup;
  private readonly utterances = new Map<number, UtteranceInProgress>();
  private stopped = false;

  constructor(
    private readonly call: CallRecord,
    transportUrl: string,
    options: { keys: SigningKeys; speedFactor: number; log: Logger },
    private readonly hooks: SessionHooks,
  ) {
    this.timers = new TimerGroup(options.speedFactor, options.log);
    this.streamer = new TranscriptionStreamer({
      transportUrl,
      callConnectionId: call.ids.callConnectionId,
      correlationId: call.ids.correlationId,
      keys: options.keys,
      speedFactor: options.speedFactor,
      log: options.log,
      callbacks: {
        metadata: () => this.metadataPacket(),
        takeTransportFault: () => hooks.takeTransportFault(),
        connected: (reconnected) => hooks.connected(reconnected),
        failed: (phase, detail) => {
          this.stopped = true;
          this.timers.close();
          hooks.failed(phase, detail);
        },
      },
    });
  }

  get packetsSent(): number {
    return this.streamer.sentPackets;
  }

  start(): void {
    this.streamer.start();
  }

  stop(reason?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.close();
    this.utterances.clear();
    this.streamer.stop(reason);
  }

  handle(event: ConversationEvent): void {
    if (this.stopped) return;
    switch (event.type) {
      case 'utteranceStart': {
        const speaker = this.call.participants.find((participant) => participant.key === event.line.speaker);
        if (!speaker) return;
        const settings = this.call.transcription.settings;
        const recognized = recognizeUtterance(event.plan, {
          locale: settings.locale,
          candidateLocales: settings.candidateLocales,
          piiRedaction: settings.piiRedaction,
          sentimentAnalysis: settings.sentimentAnalysis,
        });
        this.utterances.set(event.turnIndex, { recognized, speaker, startMs: event.plan.startMs, lastIntermediateAtMs: event.plan.startMs });
        return;
      }
      case 'wordsSpoken': {
        const utterance = this.utterances.get(event.turnIndex);
        if (!utterance || !this.call.transcription.settings.enableIntermediateResults) return;
        if (event.spokenWords >= utterance.recognized.wordCount) return;
        if (event.atMs - utterance.lastIntermediateAtMs < MIN_INTERMEDIATE_INTERVAL_MS) return;
        const text = utterance.recognized.partialText(event.spokenWords);
        if (text === '') return;
        utterance.lastIntermediateAtMs = event.atMs;
        this.streamer.send(this.intermediatePacket(utterance, text, event.atMs), true);
        return;
      }
      case 'utteranceEnd': {
        const utterance = this.utterances.get(event.turnIndex);
        if (!utterance) return;
        this.utterances.delete(event.turnIndex);
        this.timers.after(FINAL_LATENCY_MS, () => this.sendFinal(utterance));
        return;
      }
      case 'holdStart':
      case 'holdEnd':
      case 'conversationEnd':
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`unhandled conversation event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private sendFinal(utterance: UtteranceInProgress): void {
    const { recognized, speaker } = utterance;
    if (recognized.text === '') return;
    this.streamer.send(this.finalPacket(utterance), false);
    this.hooks.final({
      participantRawId: speaker.rawId,
      // With PII redaction on, the summary must not name people either: label speakers by role.
      speakerLabel: this.call.transcription.settings.piiRedaction ? ROLE_LABELS[speaker.role] : speaker.displayName,
      role: speaker.role,
      text: recognized.text,
      sentiment: recognized.sentiment,
      locale: recognized.locale,
      offsetTicks: recognized.offset,
    });
  }

  private metadataPacket() {
    const { call } = this;
    const settings = call.transcription.settings;
    return {
      kind: 'TranscriptionMetadata',
      transcriptionMetadata: {
        subscriptionId: call.transcription.subscriptionId,
        locale: settings.locale,
        callConnectionId: call.ids.callConnectionId,
        correlationId: call.ids.correlationId,
        speechModelEndpointId: settings.speechModelEndpointId ?? null,
        // The GA SDK parser reads the older name; send both so either parser sees the model.
        speechRecognitionModelEndpointId: settings.speechModelEndpointId ?? null,
        locales: settings.candidateLocales,
        enableSentimentAnalysis: settings.sentimentAnalysis,
        piiRedactionOptions: { enable: settings.piiRedaction, redactionType: 'MaskWithCharacter' },
      },
    };
  }

  private intermediatePacket(utterance: UtteranceInProgress, text: string, atMs: number) {
    const { recognized, speaker } = utterance;
    return {
      kind: 'TranscriptionData',
      transcriptionData: {
        text,
        format: 'display',
        offset: recognized.offset,
        duration: msToTicks(Math.max(0, atMs - utterance.startMs)),
        // Intermediate hypotheses carry no word timing; `words` is still present because the SDK parser needs it.
        words: [],
        participantRawID: speaker.rawId,
        resultStatus: 'Intermediate',
        ...(recognized.languageIdentified !== undefined ? { languageIdentified: recognized.languageIdentified } : {}),
      },
    };
  }

  private finalPacket(utterance: UtteranceInProgress) {
    const { recognized, speaker } = utterance;
    return {
      kind: 'TranscriptionData',
      transcriptionData: {
        text: recognized.text,
        format: 'display',
        confidence: recognized.confidence,
        offset: recognized.offset,
        duration: recognized.duration,
        words: recognized.words,
        participantRawID: speaker.rawId,
        resultStatus: 'Final',
        ...(recognized.sentiment !== undefined ? { sentimentAnalysisResult: { sentiment: recognized.sentiment } } : {}),
        ...(recognized.languageIdentified !== undefined ? { languageIdentified: recognized.languageIdentified } : {}),
      },
    };
  }
}
