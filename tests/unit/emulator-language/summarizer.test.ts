import { describe, it, expect } from 'vitest';
import { formatSummary, summarizeConversation, type SummaryTurn } from '../../../server/acs-emulator/language/summarizer';

const agent = (text: string): SummaryTurn => ({ speakerLabel: 'Sam (agent)', role: 'agent', text });
const customer = (text: string): SummaryTurn => ({ speakerLabel: 'Helen Park', role: 'customer', text });

/** A travel-change call written for this test (not a scenario line). */
const travelCall: SummaryTurn[] = [
  agent('Thank you for calling Blue Sky Travel, this is Sam. How can I help you today?'),
  customer('My connecting flight to Denver was cancelled and I need to get home by Friday for a family event.'),
  agent('I am sorry about that. Let me look at the options. Can you confirm your booking reference?'),
  customer('Sure, the booking reference is on the email you sent me.'),
  agent('The next direct flight leaves tomorrow at seven in the morning and has two seats left.'),
  agent('I can move you onto that flight at no extra cost, or we could refund the unused leg.'),
  customer('Moving me to the morning flight works for me.'),
  agent("I've rebooked you on the seven a.m. flight. I'll send the new itinerary to your email within the hour."),
  agent('Please check in online at least two hours before departure.'),
  customer('Thank you, that is a huge relief.'),
];

describe('summarizeConversation', () => {
  const summary = summarizeConversation(travelCall, 'en-US');

  it('extracts the agent’s commitment with the agent as owner', () => {
    expect(summary.actionItems).toContainEqual({
      owner: 'Sam (agent)',
      text: "I'll send the new itinerary to your email within the hour.",
    });
  });

  it('assigns a request to the other party', () => {
    expect(summary.actionItems).toContainEqual({ owner: 'Helen Park', text: 'Please check in online at least two hours before departure.' });
  });

  it('does not turn in-call verification into action items', () => {
    expect(summary.actionItems.some((item) => /booking reference|look at the options/i.test(item.text))).toBe(false);
  });

  it('records completed changes and accepted offers as decisions', () => {
    expect(summary.decisions).toContain("I've rebooked you on the seven a.m. flight.");
    expect(summary.decisions.some((decision) => decision.startsWith('Helen Park accepted: I can move you onto that flight'))).toBe(true);
  });

  it('writes a recap from the reason for calling, the outcome and the mood', () => {
    expect(summary.recap).toContain('Helen Park called about: “My connecting flight to Denver was cancelled');
    expect(summary.recap).toContain('Outcome:');
    expect(summary.recap).toContain('Next steps:');
    expect(summary.recap).toMatch(/satisfied/);
  });

  it('keeps up to three key points in call order, without greetings', () => {
    expect(summary.keyPoints.length).toBeGreaterThan(0);
    expect(summary.keyPoints.length).toBeLessThanOrEqual(3);
    expect(summary.keyPoints.some((point) => /Thank you for calling/.test(point))).toBe(false);
    const order = summary.keyPoints.map((point) => travelCall.findIndex((turn) => turn.text.includes(point)));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('handles an empty conversation', () => {
    const empty = summarizeConversation([]);
    expect(empty).toEqual({ recap: 'No conversation to summarize yet.', decisions: [], actionItems: [], keyPoints: [] });
    expect(summarizeConversation([customer('   ')]).recap).toBe('No conversation to summarize yet.');
  });

  it('handles a one-line conversation', () => {
    const one = summarizeConversation([customer('Hello, is anyone there?')]);
    expect(one.recap).toBe('Helen Park said: “Is anyone there?”');
    expect(one.decisions).toEqual([]);
    expect(one.actionItems).toEqual([]);
  });

  it('summarizes a Spanish call with Spanish cues and a Spanish recap', () => {
    const agente = (text: string): SummaryTurn => ({ speakerLabel: 'Lucía', role: 'agent', text });
    const cliente = (text: string): SummaryTurn => ({ speakerLabel: 'Cliente', role: 'customer', text });
    const es = summarizeConversation(
      [
        agente('Buenos días, le atiende Lucía, ¿en qué puedo ayudarle?'),
        cliente('Me han cobrado una cuota de mantenimiento que no aparece en mi contrato.'),
        agente('Tiene razón, esa cuota se aplicó por error a varias cuentas este mes.'),
        agente('He anulado el cargo en su cuenta. Le enviaré el justificante por correo esta tarde.'),
        cliente('Perfecto, muchas gracias.'),
      ],
      'es-ES',
    );
    expect(es.recap.startsWith('Cliente llamó por: «Me han cobrado una cuota de mantenimiento')).toBe(true);
    expect(es.decisions).toContain('He anulado el cargo en su cuenta.');
    expect(es.actionItems).toContainEqual({ owner: 'Lucía', text: 'Le enviaré el justificante por correo esta tarde.' });
  });

  it('is fast enough to recompute after every utterance', () => {
    const long = Array.from({ length: 5 }, () => travelCall).flat();
    const started = performance.now();
    for (let pass = 0; pass < 10; pass++) summarizeConversation(long, 'en-US');
    expect((performance.now() - started) / 10).toBeLessThan(50);
  });
});

describe('formatSummary', () => {
  it('renders the four headed sections as plain text', () => {
    const text = formatSummary({
      recap: 'Helen Park called about a cancelled flight.',
      decisions: ['Rebooked on the 7 a.m. flight.'],
      actionItems: [{ owner: 'Sam', text: 'Send the itinerary.' }],
      keyPoints: [],
    });
    expect(text).toBe(
      [
        'Recap:',
        'Helen Park called about a cancelled flight.',
        '',
        'Decisions:',
        '- Rebooked on the 7 a.m. flight.',
        '',
        'Action items:',
        '- Sam: Send the itinerary.',
        '',
        'Key points:',
        '- None',
      ].join('\n'),
    );
  });
});
