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
  getCallLook(username: string, callId: string): Promise<CallLook | null>;
}
