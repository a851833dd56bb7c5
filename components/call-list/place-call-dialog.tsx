import { useRef, useState, type RefObject } from 'react';
import { TextField } from '@/components/ui/form-fields';
import { Dialog } from '@/components/ui/dialog';
import { checkPlaceCall, defaultTranscriptionValues, targetKind, type PlaceCallFormValues } from '@/lib/call-setup-form';
import { PLACE_CALL_URL } from '@/lib/control-client';
import { CallSetupForm } from './call-setup-form';
import { TranscriptionOptionsFields } from './transcription-options-fields';

export interface PlaceCallDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Place an outbound call (createCall) to a phone number or an ACS user, with its transcription options. */
export function PlaceCallDialog({ open, onClose }: PlaceCallDialogProps) {
  const target = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Place a call"
      description="Earshot calls the target through Azure Communication Services and transcribes the call."
      testId="place-call.dialog"
      widthClassName="max-w-2xl"
      initialFocus={target}
    >
      <PlaceCallForm onCancel={onClose} targetRef={target} />
    </Dialog>
  );
}

function PlaceCallForm({ onCancel, targetRef }: { onCancel: () => void; targetRef: RefObject<HTMLInputElement | null> }) {
  const [values, setValues] = useState<PlaceCallFormValues>({ target: '', sourcePhoneNumber: '', transcription: defaultTranscriptionValues() });
  const kind = targetKind(values.target);
  const phoneTarget = kind === 'phoneNumber';
  return (
    <CallSetupForm prefix="place-call" url={PLACE_CALL_URL} submitLabel="Place call" submittingLabel="Placing call…" check={() => checkPlaceCall(values)} onCancel={onCancel}>
      {(errors) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              inputRef={targetRef}
              label="Phone number or ACS user id"
              required
              mono
              value={values.target}
              onChange={(target) => setValues({ ...values, target })}
              testId="place-call.target"
              placeholder="+14255550123 or 8:acs:…"
              error={errors.target}
              hint={values.target.trim() === '' ? 'E.164, or 8:acs:…' : phoneTarget ? 'Calls a phone number' : 'Calls an ACS user'}
              inputMode="text"
              maxLength={300}
            />
            <TextField
              label="Caller id"
              mono
              value={values.sourcePhoneNumber}
              onChange={(sourcePhoneNumber) => setValues({ ...values, sourcePhoneNumber })}
              testId="place-call.caller-id"
              placeholder="+18005550100"
              error={errors.sourcePhoneNumber}
              hint="For phone targets: a number your resource owns"
              inputMode="tel"
              maxLength={20}
            />
          </div>
          <TranscriptionOptionsFields prefix="place-call" values={values.transcription} onChange={(transcription) => setValues({ ...values, transcription })} errors={errors} />
        </>
      )}
    </CallSetupForm>
  );
}
