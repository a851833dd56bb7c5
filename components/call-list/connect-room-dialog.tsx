import { useRef, useState, type RefObject } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { SelectField, TextField } from '@/components/ui/form-fields';
import { checkConnectRoom, defaultTranscriptionValues, LOCATOR_KINDS, LOCATOR_TEXT, type ConnectRoomFormValues } from '@/lib/call-setup-form';
import { CONNECT_CALL_URL } from '@/lib/control-client';
import { UNASSIGNED_TEAM_ID } from '@/lib/team-match';
import { useSessionView } from '@/components/app-shell/permissions-provider';
import { CallSetupForm } from './call-setup-form';
import { TranscriptionOptionsFields } from './transcription-options-fields';

const KIND_OPTIONS = LOCATOR_KINDS.map((kind) => ({ value: kind, label: LOCATOR_TEXT[kind].label }));

export interface ConnectRoomDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Join an existing room, server call or group call (connectCall) and transcribe it. */
export function ConnectRoomDialog({ open, onClose }: ConnectRoomDialogProps) {
  const id = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Connect to a room"
      description="Earshot joins a call that is already under way and transcribes it."
      testId="connect-room.dialog"
      widthClassName="max-w-2xl"
      initialFocus={id}
    >
      <ConnectRoomForm onCancel={onClose} idRef={id} />
    </Dialog>
  );
}

function ConnectRoomForm({ onCancel, idRef }: { onCancel: () => void; idRef: RefObject<HTMLInputElement | null> }) {
  const [values, setValues] = useState<ConnectRoomFormValues>({ kind: 'roomCallLocator', id: '', transcription: defaultTranscriptionValues(), teamId: '' });
  // The teams this user may give the call (the server checks it too); none: the participants decide.
  const teams = useSessionView()?.teams ?? [];
  const teamOptions = [{ value: '', label: 'By participants' }, ...teams.filter((team) => team.id !== UNASSIGNED_TEAM_ID).map((team) => ({ value: team.id, label: team.name }))];
  return (
    <CallSetupForm prefix="connect-room" url={CONNECT_CALL_URL} submitLabel="Connect" submittingLabel="Connecting…" check={() => checkConnectRoom(values)} onCancel={onCancel}>
      {(errors) => (
        <>
          <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)]">
            <SelectField label="Connect by" value={values.kind} options={KIND_OPTIONS} onChange={(kind) => setValues({ ...values, kind })} testId="connect-room.kind" />
            <TextField
              inputRef={idRef}
              label={LOCATOR_TEXT[values.kind].label}
              required
              mono
              value={values.id}
              onChange={(value) => setValues({ ...values, id: value })}
              testId="connect-room.id"
              placeholder={LOCATOR_TEXT[values.kind].placeholder}
              error={errors.id}
              maxLength={512}
            />
          </div>
          {teamOptions.length > 1 && (
            <SelectField label="Team" value={values.teamId ?? ''} options={teamOptions} onChange={(teamId) => setValues({ ...values, teamId })} testId="connect-room.team" />
          )}
          <TranscriptionOptionsFields prefix="connect-room" values={values.transcription} onChange={(transcription) => setValues({ ...values, transcription })} errors={errors} />
        </>
      )}
    </CallSetupForm>
  );
}
