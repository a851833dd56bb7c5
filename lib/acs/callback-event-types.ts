/** The Call Automation callback event types Earshot and its emulator exchange (acs-reference.md §6.2). */
export const CALLBACK_EVENT_TYPES = [
  'CallConnected',
  'CallDisconnected',
  'ParticipantsUpdated',
  'CreateCallFailed',
  'AnswerFailed',
  'ConnectFailed',
  'TranscriptionStarted',
  'TranscriptionStopped',
  'TranscriptionUpdated',
  'TranscriptionFailed',
  'TranscriptionResumed',
  'TranscriptionCallSummaryUpdated',
] as const;
export type CallbackEventType = (typeof CALLBACK_EVENT_TYPES)[number];
