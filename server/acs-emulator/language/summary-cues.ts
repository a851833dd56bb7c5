/**
 * Cue phrases that mark action items, decisions, proposals and acceptances in English and Spanish call
 * speech. Hand-written: no offline package extracts commitments from dialogue, and the phrasing of
 * contact-centre promises ("I'll email you…", "le enviaré…") is narrow enough for regular expressions.
 */

/** The speaker commits to doing something: the speaker owns the action. */
const SELF_COMMITMENT = new RegExp(
  [
    "\\b(?:I'll|I will|I'm going to|I am going to|we'll|we will|we're going to|we are going to|I can go ahead and)\\b",
    "\\bI(?:'ll| will) (?:make sure|follow up)\\b",
    // Spanish: periphrastic future and the first-person simple future ("enviaré", "revisaremos").
    '\\b(?:voy a|vamos a|me encargo de|nos encargamos de|me comprometo a)\\b',
    // JS `\\b` is ASCII-only, so word edges around accented endings use letter look-arounds.
    '(?<!\\p{L})(?!(?:miré|retiré|preparé|reparé|declaré|comparé)(?!\\p{L}))\\p{L}+(?:aré|eré|iré|aremos|eremos|iremos)(?!\\p{L})',
    '(?<!\\p{L})(?:haré|diré|podré|tendré|pondré|saldré|vendré|sabré|haremos|diremos|podremos|tendremos|pondremos)(?!\\p{L})',
  ].join('|'),
  'iu',
);

/** The speaker asks the other party to do something: the other party owns the action. */
const REQUEST_TO_OTHER = new RegExp(
  [
    "^(?:please|could you|can you|would you|you'll need to|you will need to|you need to|you should|you'll want to|make sure (?:to|you)|remember to|don't forget to)\\b",
    "\\b(?:please (?:send|email|call|bring|upload|fill|sign|return|restart|reboot|keep|check|reply|pay|submit|mail|text))\\b",
    "\\b(?:if you could|I need you to|I'll need you to)\\b",
    '^(?:¿?(?:puede|podría|podrías|puedes|tiene que|tendrá que|tendría que|debe|deberá|necesito que|no olvide|recuerde|acuérdese de))\\b',
    '\\bpor favor,? (?:envíe|envíenos|mande|mándenos|llame|traiga|reinicie|firme|rellene|suba|conserve|revise|pague)\\b',
  ].join('|'),
  'iu',
);

/**
 * Things said and done inside the call ("let me check", "please hold", "can you confirm your date of
 * birth"): not follow-ups, so not action items unless a follow-up marker appears too.
 */
const IN_CALL_ONLY =
  /\b(?:let me|please hold|hold on|bear with|one moment|put you on hold|transfer you|look (?:that|it|into that) up|pull (?:up|that up)|check (?:that|this|your|on that)(?! (?:tomorrow|today|tonight))|confirm your|verify your|spell|repeat|tell me|give me|read me|hear me|walk you through|déjeme|permítame|un momento|no cuelgue|le paso|confirmarme|me confirma|me repite|me dice|me da)\b/iu;

/** Follow-up markers that make even an in-call verb a real next step. */
const FOLLOW_UP =
  /\b(?:email|e-mail|text message|send|mail|call (?:you )?back|follow up|tomorrow|tonight|today|this week|next week|within|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|correo|enviar|mañana|esta semana|la próxima semana|le llamaremos|le volveremos a llamar)\b/iu;

/** Something was settled: a completed or agreed change to the account, booking or case. */
const DECISION = new RegExp(
  [
    "\\b(?:I've|I have|we've|we have|it's been|it has been|that's been|has been|have been|is now|are now|is all)\\s+(?:\\w+\\s+)?(?:applied|scheduled|booked|issued|refunded|credited|waived|cancel(?:l)?ed|upgraded|downgraded|processed|reversed|set up|activated|reset|approved|updated|changed|added|removed|blocked|replaced|rebooked|escalated|opened|submitted)\\b",
    '\\b(?:agreed|decided|we(?:\'ll| will) go with|let\'s go with|confirmed)\\b',
    '\\b(?:he|hemos|ha|han|queda|quedan|ya está|ya están)\\s+(?:\\p{L}+\\s+)?(?:aplicado|programad[oa]|reservad[oa]|emitid[oa]|reembolsad[oa]|abonad[oa]|cancelad[oa]|anulad[oa]|activad[oa]|tramitad[oa]|cambiad[oa]|actualizad[oa]|bloquead[oa]|confirmad[oa]|aprobad[oa]|solucionad[oa]|resuelt[oa]|dad[oa] de (?:alta|baja))\\b',
    '\\b(?:de acuerdo en|acordamos|hemos acordado|decidimos)\\b',
  ].join('|'),
  'iu',
);

/**
 * A reply that accepts what the other party just proposed: it opens with a yes-word ("Sure.", "Vale.") or
 * holds an acceptance phrase ("Moving me to the morning flight works for me"). The summarizer only
 * counts it right after a proposal and only in a short clause.
 */
const ACCEPTANCE_OPENING = /^(?:yes|yeah|yep|sure|okay|ok|great|perfect|please do|go ahead|sí|vale|perfecto|claro|adelante)(?!\p{L})/iu;
const ACCEPTANCE_PHRASE =
  /\b(?:that works|works for me|sounds good|let's do (?:that|it)|yes,? please|that's fine|that would be great|me va bien|me viene bien|me parece bien|de acuerdo|hágalo|sí,? por favor)(?!\p{L})/iu;

/** An offer the other party can accept. */
const PROPOSAL =
  /\b(?:I can|we can|I could|we could|would you like|do you want|how about|what if|the (?:best|only) option|I'd suggest|I recommend|puedo|podemos|podría|le parece|quiere que|le ofrezco|le propongo)\b/iu;

/** Opening a clause with a filler ("Okay, so I'll…") adds nothing to a summary line. */
const LEADING_FILLER =
  /^(?:(?:okay|ok|alright|all right|so|great|perfect|sure|right|well|and|hi|hello|hey|vale|bueno|perfecto|claro|muy bien|entonces|pues|y|hola|buenas(?: tardes| noches)?|buenos días)[,.]?\s+)+/iu;

/** Openings and sign-offs: never a key point or the reason for the call. */
export const GREETING =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b.*\b(?:how (?:can|may) I help|calling)|thank(?:s| you) for (?:calling|holding|your patience)|(?:buenas|buenos días|hola)\b.*\b(?:en qué (?:puedo|le puedo) (?:ayudarle|ayudar)|le atiende)|gracias por (?:llamar|su llamada|esperar)|is there anything else|¿?(?:hay|necesita) algo más)/iu;

export type CueKind = 'selfAction' | 'requestAction' | 'decision' | 'acceptance' | 'proposal';

export function classifyClause(clause: string): Set<CueKind> {
  const kinds = new Set<CueKind>();
  const isQuestion = /\?\s*$/.test(clause);
  const inCallOnly = IN_CALL_ONLY.test(clause) && !FOLLOW_UP.test(clause);
  if (!isQuestion && !inCallOnly && SELF_COMMITMENT.test(clause)) kinds.add('selfAction');
  // A request asked as a question ("Can you confirm the address?") is answered in the call unless it
  // names something to send or do later ("Can you email me the form?").
  const followsUp = !isQuestion || FOLLOW_UP.test(clause);
  if (!inCallOnly && followsUp && REQUEST_TO_OTHER.test(stripFiller(clause))) kinds.add('requestAction');
  if (!isQuestion && DECISION.test(clause)) kinds.add('decision');
  if (!isQuestion && (ACCEPTANCE_OPENING.test(clause) || ACCEPTANCE_PHRASE.test(clause))) kinds.add('acceptance');
  if (PROPOSAL.test(clause)) kinds.add('proposal');
  return kinds;
}

export function stripFiller(clause: string): string {
  const stripped = clause.replace(LEADING_FILLER, '');
  return stripped.length > 0 ? stripped.charAt(0).toUpperCase() + stripped.slice(1) : clause;
}

/**
 * Splits a sentence where a new subject starts a new commitment ("I've applied the credit, and I'll email
 * you the receipt"), so the decision and the action item are reported separately.
 */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(/,?\s+(?:and then|and|but|then|y luego|y|pero|luego|así que)\s+(?=(?:I|I'll|I've|I'm|we|we'll|we've|you|you'll|le|te|voy|vamos|he|hemos)\b)/iu)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
