/** One error type for every failed ACS operation, whatever the SDK threw (a RestError, a string, a timeout). */
import { isRestError } from '@azure/core-rest-pipeline';

export class AcsOperationError extends Error {
  constructor(
    readonly operation: string,
    /** HTTP status from ACS; 504 when ACS did not answer in time, 502 when it answered nonsense. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AcsOperationError';
  }
}

export function toAcsOperationError(operation: string, error: unknown): AcsOperationError {
  if (error instanceof AcsOperationError) return error;
  if (isRestError(error)) {
    if (error.code === 'REQUEST_SEND_ERROR' || error.name === 'AbortError' || /timeout|timed out/i.test(error.message)) {
      return new AcsOperationError(operation, 504, 'acs_unreachable', `ACS did not answer ${operation}: ${error.message}`);
    }
    return new AcsOperationError(operation, error.statusCode ?? 502, error.code ?? 'acs_error', error.message);
  }
  // createCall / answerCall / connectCall throw a plain string when ACS's answer lacks a callConnectionId.
  if (typeof error === 'string') return new AcsOperationError(operation, 502, 'acs_bad_response', error);
  if (error instanceof Error && error.name === 'AbortError') return new AcsOperationError(operation, 504, 'acs_timeout', `ACS did not answer ${operation} in time`);
  return new AcsOperationError(operation, 502, 'acs_error', error instanceof Error ? error.message : String(error));
}
