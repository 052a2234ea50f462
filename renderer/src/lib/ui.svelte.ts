import type { Attachment } from 'svelte/attachments'

export interface ConfirmRequest {
  title: string
  body: string
  confirmLabel: string
  danger?: boolean
}

/** Names of elements other parts of the UI (shortcuts, menu commands) can focus. */
export type FocusTarget =
  | 'new-todo'
  | 'search'
  | 'new-profile'
  | 'new-list'
  | 'todo-grid'
  | 'profile-list'
  | 'profile-button'
  | 'backups-button'
  | 'overview'

/** The open profile's panels (modal dialogs over the main view); one at a time. */
export type Panel = 'backups' | 'health' | 'replication'

/** What the main pane shows beside the sidebar. */
export type MainView = 'todos' | 'overview'

/**
 * Window-level UI state that is not data: which dialog is open, what to focus, what the
 * screen reader should hear. Components register focus targets with an attachment.
 */
export class Ui {
  switcherOpen = $state(false)
  /** The profile being renamed in the switcher (the menu's Rename Profile opens it directly). */
  renamingProfileId = $state<string | null>(null)
  /** The switcher opened to create a profile: its name field gets the focus. */
  switcherCreates = $state(false)
  newListOpen = $state(false)
  confirmRequest = $state<ConfirmRequest | null>(null)
  announcement = $state('')
  panel = $state<Panel | null>(null)
  /** The "Check database" result dialog (it may open over the Health panel). */
  checkOpen = $state(false)
  mainView = $state<MainView>('todos')
  /** The list shown when the main view was last remade, per profile: a restore or repair comes back to it. */
  resumeList: { profileId: string; listId: number } | null = null

  #targets = new Map<FocusTarget, HTMLElement>()
  #resolveConfirm: ((ok: boolean) => void) | null = null

  /** `{@attach ui.target('search')}`: registers the element as a focus target while it is mounted. */
  target(name: FocusTarget): Attachment<HTMLElement> {
    return (node) => {
      this.#targets.set(name, node)
      return () => {
        if (this.#targets.get(name) === node) this.#targets.delete(name)
      }
    }
  }

  focus(name: FocusTarget): boolean {
    const el = this.#targets.get(name)
    if (!el) return false
    el.focus()
    if (el instanceof HTMLInputElement) el.select()
    return true
  }

  /** Asks for confirmation in the app's own dialog; resolves false on cancel or Escape. */
  confirm(request: ConfirmRequest): Promise<boolean> {
    this.#resolveConfirm?.(false)
    this.confirmRequest = request
    return new Promise((resolve) => {
      this.#resolveConfirm = resolve
    })
  }

  settleConfirm(ok: boolean): void {
    const resolve = this.#resolveConfirm
    this.#resolveConfirm = null
    this.confirmRequest = null
    resolve?.(ok)
  }

  openSwitcher(opts: { create?: boolean; renameId?: string | null } = {}): void {
    this.closePanel()
    this.switcherCreates = opts.create ?? false
    this.renamingProfileId = opts.renameId ?? null
    this.switcherOpen = true
  }

  closeSwitcher(): void {
    this.switcherOpen = false
    this.switcherCreates = false
    this.renamingProfileId = null
  }

  openPanel(panel: Panel): void {
    this.closeSwitcher()
    this.checkOpen = false
    this.panel = panel
  }

  closePanel(): void {
    this.panel = null
    this.checkOpen = false
  }

  /** Says something through the polite live region (repeated messages are re-announced). */
  announce(message: string): void {
    this.announcement = ''
    queueMicrotask(() => {
      this.announcement = message
    })
  }
}
