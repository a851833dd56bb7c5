import { describe, expect, it } from 'vitest';
import { ControlError, isControlError } from '../../server/calls/call-control';

describe('isControlError', () => {
  it('recognises a ControlError from another module copy by its shape, as Next route bundles see it', () => {
    const foreign = Object.assign(new Error('Transcription is not running.'), { name: 'ControlError', status: 409, code: 'invalid_state' });
    expect(isControlError(foreign)).toBe(true);
    expect(isControlError(new ControlError(404, 'not_found', 'No call x.'))).toBe(true);
  });

  it('does not mistake other errors for one', () => {
    expect(isControlError(new Error('boom'))).toBe(false);
    expect(isControlError(Object.assign(new Error('x'), { name: 'ControlError', status: '409', code: 'invalid_state' }))).toBe(false);
    expect(isControlError({ name: 'ControlError', status: 409, code: 'x', message: 'not an Error' })).toBe(false);
  });
});
