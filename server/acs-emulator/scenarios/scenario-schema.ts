/**
 * The scenario file format: one JSON file per conversation in this folder (`*.json`). Speakers, lines,
 * languages and pauses come from the scenario; everything ACS computes (timing, confidence, sentiment,
 * PII masking, language identification, summaries) is computed by the emulator. Users add conversations by
 * dropping a file here or pointing `EMULATOR_SCENARIO_DIR` at their own folder.
 */
import { z } from 'zod';

export const ScenarioParticipantSchema = z.object({
  /** ACS raw id: `4:+15551230000` for a phone number, `8:acs:<resource>_<user>` for an ACS user. */
  rawId: z.string().regex(/^(4:\+\d{6,15}|8:acs:[\w-]+(?:_[\w-]+)?)$/, 'a 4:+<digits> phone or 8:acs:<id> raw id'),
  displayName: z.string().min(1),
  role: z.enum(['agent', 'customer']),
});

export const ScenarioLineSchema = z.object({
  /** Key into `participants`. */
  speaker: z.string().min(1),
  /** What the speaker says, unmasked (PII included: the emulator masks it when redaction is on). */
  text: z.string().min(1),
  /** BCP-47 locale the line is spoken in, e.g. `es-ES`. Defaults to the scenario's `locale`. */
  language: z.string().optional(),
  /** Silence before the line starts, ms. Defaults to a natural turn gap. */
  pauseBeforeMs: z.number().int().nonnegative().optional(),
});

export const ScenarioHoldSchema = z.object({
  /** Silence or hold music with no speech, ms. */
  hold: z.number().int().positive(),
  note: z.string().optional(),
});

export const ScenarioTurnSchema = z.union([ScenarioLineSchema, ScenarioHoldSchema]);

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    description: z.string().min(1),
    /** The locale the call is expected in: the default transcription locale. */
    locale: z.string(),
    /** Candidate locales for language identification when the call uses it. */
    candidateLocales: z.array(z.string()).min(1).max(4).optional(),
    participants: z.record(z.string(), ScenarioParticipantSchema),
    turns: z.array(ScenarioTurnSchema).min(1),
  })
  .superRefine((scenario, ctx) => {
    scenario.turns.forEach((turn, index) => {
      if ('speaker' in turn && !(turn.speaker in scenario.participants)) {
        ctx.addIssue({ code: 'custom', path: ['turns', index, 'speaker'], message: `unknown speaker ${turn.speaker}` });
      }
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioTurn = z.infer<typeof ScenarioTurnSchema>;
export type ScenarioLine = z.infer<typeof ScenarioLineSchema>;
export type ScenarioParticipant = z.infer<typeof ScenarioParticipantSchema>;

export function isScenarioLine(turn: ScenarioTurn): turn is ScenarioLine {
  return 'speaker' in turn;
}
