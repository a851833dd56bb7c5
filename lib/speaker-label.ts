/** Short, human labels for ACS participants, from their raw ids. */
import type { SpeakerKind } from './protocol';

const TAIL_LENGTH = 6;

export function speakerLabel(kind: SpeakerKind, rawId: string): string {
  switch (kind) {
    case 'phoneNumber':
      return rawId.replace(/^4:/, '');
    case 'communicationUser':
      return `ACS user …${tail(rawId)}`;
    case 'microsoftTeamsUser':
      return `Teams user …${tail(rawId)}`;
    case 'microsoftTeamsApp':
      return `Teams app …${tail(rawId)}`;
    case 'teamsExtensionUser':
      return `Teams extension user …${tail(rawId)}`;
    case 'unknown':
      return rawId === '' || rawId === 'unknown' ? 'Unknown speaker' : rawId;
    default:
      return assertNever(kind);
  }
}

function tail(rawId: string): string {
  const id = rawId.replace(/[^A-Za-z0-9]+$/, '');
  return id.length <= TAIL_LENGTH ? id : id.slice(-TAIL_LENGTH);
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
