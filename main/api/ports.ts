import { OwnlistError } from '../engine/errors'
import type { DueReminder, EventName, EventPayload, Todo } from '../../common/contract'

/** How the main process tells the renderer that something happened. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** The native dialogs the service needs; the test transport supplies its own. */
export interface Dialogs {
  saveFile(opts: { title: string; defaultName: string }): Promise<string | null>
  openFile(opts: { title: string }): Promise<string | null>
  /** A folder (a replica's); null when cancelled. */
  openFolder(opts: { title: string }): Promise<string | null>
  showInFolder(file: string): void
}

/** A browser tab (`npm run dev:web`) has no native file dialogs: say so plainly instead of doing nothing. */
export const BROWSER_DIALOGS: Dialogs = {
  saveFile: async () => {
    throw new OwnlistError('IO_ERROR', NEEDS_DESKTOP)
  },
  openFile: async () => {
    throw new OwnlistError('IO_ERROR', NEEDS_DESKTOP)
  },
  // The replication sheet answers "no folder" by offering a typed file:// address instead.
  openFolder: async () => null,
  showInFolder: () => {
    throw new OwnlistError(
      'IO_ERROR',
      'Showing a file in its folder needs the desktop app (npm start); this browser tab cannot.',
    )
  },
}

const NEEDS_DESKTOP =
  'Choosing a file needs the desktop app (npm start); this browser tab cannot open file dialogs. The command line can do it too: ownlist backup, restore or import.'

export const NO_DIALOGS: Dialogs = {
  saveFile: async () => null,
  openFile: async () => null,
  openFolder: async () => null,
  showInFolder: () => {},
}

/**
 * What the to-do and reminder calls tell the reminder scheduler about the reminders they write,
 * so it keeps them on time and shows each once. The app's (./reminder-port.ts) forwards once
 * reminders run; until then nothing listens.
 */
export interface ReminderPort {
  /** Whether `deleted` is listened to: only then does a delete read the to-do's reminder first. */
  readonly wantsDeletes: boolean
  /** A reminder of an open to-do was set or moved to `at`. */
  expect(at: Date): void
  /** A to-do with a reminder was added (perhaps one brought back by undo). */
  added(r: DueReminder): void
  /** A to-do with a reminder was deleted. */
  deleted(r: DueReminder): void
}

/** Tells `port` of the reminders of the open to-dos a call just wrote (done ones never fire). */
export function expectReminders(port: ReminderPort, ...written: (Todo | null)[]): void {
  for (const t of written) if (t?.remindAt && !t.done) port.expect(new Date(t.remindAt))
}
