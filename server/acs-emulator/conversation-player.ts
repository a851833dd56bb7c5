/**
 * Plays a scenario on a connected call: who speaks when, word by word, in call time. The people on the call talk
 * whether or not anyone transcribes them, so the player runs from CallConnected to the end of the scenario and the
 * call decides what to do with each event (transcribe it, or not while transcription is off).
 */
import { DEFAULT_TURN_GAP_MS } from './scenarios/load-scenarios';
import { isScenarioLine, type Scenario, type ScenarioLine } from './scenarios/scenario-schema';
import { hashSeed, planUtterance, type UtterancePlan } from './recognition';
import type { TimerGroup } from './scaled-timers';

/** Silence between CallConnected and the first turn's own pause. */
const LEAD_IN_MS = 400;

export type ConversationEvent =
  | { type: 'utteranceStart'; turnIndex: number; line: ScenarioLine; plan: UtterancePlan }
  | { type: 'wordsSpoken'; turnIndex: number; spokenWords: number; atMs: number }
  | { type: 'utteranceEnd'; turnIndex: number }
  | { type: 'holdStart'; turnIndex: number; durationMs: number }
  | { type: 'holdEnd'; turnIndex: number }
  | { type: 'conversationEnd' };

export class ConversationPlayer {
  private started = false;
  /** Call time since the conversation began, ms. Utterance offsets are measured from the same origin. */
  private clockMs = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly seed: number,
    private readonly timers: TimerGroup,
    private readonly onEvent: (event: ConversationEvent) => void,
  ) {}

  get positionMs(): number {
    return this.clockMs;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  private async run(): Promise<void> {
    if (!(await this.wait(LEAD_IN_MS))) return;
    for (const [turnIndex, turn] of this.scenario.turns.entries()) {
      if (!isScenarioLine(turn)) {
        this.onEvent({ type: 'holdStart', turnIndex, durationMs: turn.hold });
        if (!(await this.wait(turn.hold))) return;
        this.onEvent({ type: 'holdEnd', turnIndex });
        continue;
      }
      if (!(await this.wait(turn.pauseBeforeMs ?? DEFAULT_TURN_GAP_MS))) return;
      const spokenLocale = turn.language ?? this.scenario.locale;
      const plan = planUtterance(turn.text, spokenLocale, this.clockMs, hashSeed(this.seed, this.scenario.id, turnIndex));
      this.onEvent({ type: 'utteranceStart', turnIndex, line: turn, plan });
      let spokenWords = 0;
      for (const token of plan.tokens) {
        if (!token.spoken) continue;
        const wordEnd = token.offsetMs + token.durationMs;
        if (!(await this.wait(wordEnd - this.clockMs))) return;
        spokenWords += 1;
        this.onEvent({ type: 'wordsSpoken', turnIndex, spokenWords, atMs: this.clockMs });
      }
      this.clockMs = plan.startMs + plan.durationMs;
      this.onEvent({ type: 'utteranceEnd', turnIndex });
    }
    this.onEvent({ type: 'conversationEnd' });
  }

  /** Advances the call clock by `ms` and waits that long; false when the call is over. */
  private async wait(ms: number): Promise<boolean> {
    const step = Math.max(0, ms);
    this.clockMs += step;
    return this.timers.sleep(step);
  }
}
