import { useState } from 'react';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { ConnectRoomDialog } from './connect-room-dialog';
import { PlaceCallDialog } from './place-call-dialog';

type OpenDialog = 'none' | 'place-call' | 'connect-room';

const BUTTON =
  'inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-semibold shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600';

/** Start a call from the list: place one, or join one already under way. */
export function CallListActions() {
  const [open, setOpen] = useState<OpenDialog>('none');
  const close = () => setOpen('none');
  // Placing and connecting calls are call control: a role without it sees the buttons disabled, saying why.
  const control = usePermission('control');
  return (
    <div className="flex items-center gap-2">
      <button type="button" data-testid="call-list.connect-room" aria-haspopup="dialog" disabled={!control.allowed} title={control.reason ?? undefined} onClick={() => setOpen('connect-room')} className={`${BUTTON} disabled:cursor-not-allowed disabled:opacity-50 bg-white text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50`}>
        Connect to room
      </button>
      <button type="button" data-testid="call-list.place-call" aria-haspopup="dialog" disabled={!control.allowed} title={control.reason ?? undefined} onClick={() => setOpen('place-call')} className={`${BUTTON} disabled:cursor-not-allowed disabled:opacity-50 bg-slate-900 text-white hover:bg-slate-700`}>
        <span aria-hidden="true">+</span> Place call
      </button>
      {!control.allowed && (
        <span data-testid="call-list.no-control" className="text-xs text-slate-600">
          {control.reason}
        </span>
      )}
      <PlaceCallDialog open={open === 'place-call'} onClose={close} />
      <ConnectRoomDialog open={open === 'connect-room'} onClose={close} />
    </div>
  );
}
