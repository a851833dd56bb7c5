/** Offline stand-ins for what ACS computes on a transcript: sentiment, PII masking, language id, summaries. */
export { analyzeSentiment, type SentimentLabel, type SentimentResult } from './sentiment';
export {
  findPii,
  maskPii,
  maskWords,
  redactPii,
  passesLuhn,
  type PiiCategory,
  type PiiEntity,
  type PiiMaskStyle,
} from './pii-redaction';
export { identifyLanguage } from './language-id';
export { summarizeConversation, formatSummary, type SummaryTurn, type CallSummary } from './summarizer';
