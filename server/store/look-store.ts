/**
 * Storage for "since you last looked": per supervisor and call, when they last had the call open and the last line
 * it had then. Part of the CallStore contract.
 */
export interface CallLook {
  username: string;
  callId: string;
  /** The call's last line (seq) at that look; lines after it are new to this supervisor. */
  lastSeq: number;
  lookedAt: number;
}

export interface LookStore {
  /**
   * Records a look and returns the one it replaces (null the first time). The stored seq never goes back: two tabs
   * closing out of order keep the furthest line either had.
   */
  recordCallLook(look: CallLook): Promise<CallLook | null>;
  /**
   * Records one supervisor's looks at many calls at once (a connection with many call pages open dropped): a few
   * statements instead of a transaction per call. The same rule holds (the seq never goes back); looks at calls that
   * no longer exist are skipped, not an error.
   */
  recordCallLooks(username: string, looks: readonly { callId: string; lastSeq: number }[], lookedAt: number): Promise<void>;
  getCallLook(username: string, callId: string): Promise<CallLook | null>;
}
