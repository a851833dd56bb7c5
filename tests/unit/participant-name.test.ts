import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../lib/directory';
import { directoryLabel, participantName, phoneLabel } from '../../lib/participant-name';
import type { CallListRow, FinalSegment, RingingCall, SearchHit } from '../../lib/protocol';
import { labelsLookup, relabelCall, relabelHit, relabelRinging, relabelSpeakerOf } from '../../lib/relabel';
import { callListRow } from '../helpers/call-fixtures';

const derek: Pick<DirectoryEntry, 'displayName' | 'kind'> = { displayName: 'Derek', kind: 'agent' };

describe('participant names', () => {
  it('reads a directory entry as its name and role', () => {
    expect(directoryLabel(derek)).toBe('Derek (agent)');
    expect(directoryLabel({ displayName: 'Ava', kind: 'bot' })).toBe('Ava (bot)');
    expect(directoryLabel({ displayName: 'Zoë Ünïcödé 👋', kind: 'customer' })).toBe('Zoë Ünïcödé 👋 (customer)');
    // The entry wins over every raw-id rule, phone numbers included.
    expect(participantName('phoneNumber', '4:+14255550117', derek)).toBe('Derek (agent)');
    expect(participantName('communicationUser', '8:acs:res_derek', { displayName: 'Derek', kind: 'agent' })).toBe('Derek (agent)');
  });

  it.each([
    ['4:+14255550117', 'Caller +1 425 555 0117'],
    ['4:+442071838750', 'Caller +44 20 7183 8750'],
    ['4:+4915112345678', 'Caller +49 1511 2345678'],
    ['4:+33123456789', 'Caller +33 1 23 45 67 89'],
    ['4:+34912345678', 'Caller +34 912 34 56 78'],
    ['4:+919876543210', 'Caller +91 98765 43210'],
    ['4:+81312345678', 'Caller +81 3 1234 5678'],
    ['4:+5511987654321', 'Caller +55 11 98765 4321'],
    ['4:+525512345678', 'Caller +52 55 1234 5678'],
    ['4:+61291234567', 'Caller +61 2 9123 4567'],
    ['4:+27211234567', 'Caller +27 21 123 4567'],
    ['4:+97142345678', 'Caller +971 4 234 5678'],
    ['4:+6591234567', 'Caller +65 9123 4567'],
    ['4:+8613800138000', 'Caller +86 138 0013 8000'],
    ['4:+79123456789', 'Caller +7 912 345 67 89'],
  ])('formats %s for its country', (rawId, label) => {
    expect(phoneLabel(rawId)).toBe(label);
    expect(participantName('phoneNumber', rawId)).toBe(label);
  });

  it.each([
    ['4:+12', 'Caller +12'],
    ['4:+', 'Caller +'],
    ['4:+999999999999', 'Caller +999999999999'],
    ['4:+14255550117x', 'Caller +14255550117x'],
    ['4:+1 425 555 0117', 'Caller +1 425 555 0117'],
    ['4:14255550117', 'Caller 14255550117'],
    ['4:+4420718387501234567', 'Caller +4420718387501234567'],
    ['4:', 'Caller '],
    ['4:anonymous', 'Caller anonymous'],
  ])('shows %s as received when it is no possible number', (rawId, label) => {
    expect(phoneLabel(rawId)).toBe(label);
  });

  it('keeps the raw-id labels of other identities', () => {
    expect(participantName('communicationUser', '8:acs:resource_user-derek')).toBe('ACS user …-derek');
    expect(participantName('microsoftTeamsUser', '8:orgid:00000000-0000-0000-0000-00000000abcd')).toBe('Teams user …00abcd');
    expect(participantName('unknown', 'unknown')).toBe('Unknown speaker');
  });
});

describe('relabelling wire shapes', () => {
  const labelOf = labelsLookup([
    { rawId: '8:acs:derek', label: 'Derek (agent)' },
    { rawId: '4:+14255550117', label: 'Caller +1 425 555 0117' },
  ]);

  it('names a row’s participants and its last line’s speaker, and keeps an unchanged row itself', () => {
    const row: CallListRow = callListRow('c1', {
      participants: [
        { rawId: '4:+14255550117', label: '+14255550117' },
        { rawId: '8:acs:derek', label: 'ACS user …derek' },
      ],
      lastLine: { speakerLabel: 'ACS user …derek', speakerRawId: '8:acs:derek', text: 'Hello', piiMasked: false, seq: 3 },
    });
    const named = relabelCall(row, labelOf);
    expect(named.participants.map((participant) => participant.label)).toEqual(['Caller +1 425 555 0117', 'Derek (agent)']);
    expect(named.lastLine?.speakerLabel).toBe('Derek (agent)');
    expect(relabelCall(named, labelOf)).toBe(named);
    // A row stored before last lines carried the raw id keeps its label.
    const old = callListRow('c2', { participants: [], lastLine: { speakerLabel: 'ACS user …derek', text: 'Hi', piiMasked: false, seq: 1 } });
    expect(relabelCall(old, labelOf)).toBe(old);
  });

  it('names lines, ringing calls and search hits', () => {
    const segment = { speaker: { rawId: '8:acs:derek', kind: 'communicationUser', label: 'ACS user …derek' }, text: 'Hi' } as FinalSegment;
    expect(relabelSpeakerOf(segment, labelOf).speaker).toEqual({ rawId: '8:acs:derek', kind: 'communicationUser', label: 'Derek (agent)' });
    const other = { ...segment, speaker: { ...segment.speaker, rawId: '8:acs:nobody' } };
    expect(relabelSpeakerOf(other, labelOf)).toBe(other);
    const ringing: RingingCall = { id: 'r', from: { rawId: '4:+14255550117', kind: 'phoneNumber', label: '+14255550117' }, to: null, callerDisplayName: null, receivedAt: 1, expiresAt: 2 };
    expect(relabelRinging(ringing, labelOf).from?.label).toBe('Caller +1 425 555 0117');
    const hit = { speakerLabel: 'x', speakerRawId: '8:acs:derek' } as SearchHit;
    expect(relabelHit(hit, labelOf).speakerLabel).toBe('Derek (agent)');
  });
});
