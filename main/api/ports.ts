import type { EventName, EventPayload } from '../../common/contract'

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

export const NO_DIALOGS: Dialogs = {
  saveFile: async () => null,
  openFile: async () => null,
  openFolder: async () => null,
  showInFolder: () => {},
}
