import { attempt, ownlist } from './api'
import type { Ctx } from './commands/ctx'
import { openProfile } from './commands/profiles'
import { snoozeUntil, type SnoozeChoice } from './snooze'
import type { DueReminder, Todo } from '../../../common/contract'

/** Told of a to-do whose reminder was snoozed outside its row (the notice, the OS notification). */
export type SnoozedListener = (profileId: string, todo: Todo) => void

/**
 * Reminders while the window is open: each `reminderDue` shows in the window with its snooze
 * buttons, and (in the browser, dev:web) as the browser's notification; in Electron main shows
 * the OS one and tells us of its click with `reminderClicked`.
 */
export class Reminders {
  items = $state<DueReminder[]>([])
  /** A to-do to select once its profile shows: the open profile's MainView takes it (commands/reminders.ts). */
  reveal = $state<{ profileId: string; todoId: number } | null>(null)
  #ctx: Ctx
  #snoozed = new Set<SnoozedListener>()

  constructor(ctx: Ctx) {
    this.#ctx = ctx
  }

  subscribe(): () => void {
    const on = ownlist().on
    const offDue = on.reminderDue(({ reminders }) => {
      const known = new Set(this.items.map(key))
      this.items = [...this.items, ...reminders.filter((r) => !known.has(key(r)))]
      if (!inElectron()) for (const r of reminders) this.#browserNotice(r)
    })
    const offClicked = on.reminderClicked(({ profileId, todoId }) => void this.open(profileId, todoId))
    const offSnoozed = on.reminderSnoozed(({ profileId, todo }) => this.#tellSnoozed(profileId, todo))
    return () => {
      offDue()
      offClicked()
      offSnoozed()
    }
  }

  /** The open profile's view listens, so a row on screen shows a reminder's new time at once. */
  onSnoozed(listener: SnoozedListener): () => void {
    this.#snoozed.add(listener)
    return () => void this.#snoozed.delete(listener)
  }

  #tellSnoozed(profileId: string, todo: Todo): void {
    this.forget(profileId, todo.id)
    for (const listener of this.#snoozed) listener(profileId, todo)
  }

  dismiss(r: DueReminder): void {
    this.forget(r.profileId, r.todoId)
  }

  /** The to-do's reminder was seen to or moved elsewhere (opened, snoozed from its row): its notice goes. */
  forget(profileId: string, todoId: number): void {
    this.items = this.items.filter((x) => x.profileId !== profileId || x.todoId !== todoId)
  }

  async snooze(r: DueReminder, choice: SnoozeChoice): Promise<void> {
    const until = snoozeUntil(choice, new Date())
    const result = await attempt(ownlist().reminders.snooze({ profileId: r.profileId, todoId: r.todoId, until }))
    if (!result.ok) {
      this.#ctx.toasts.error(result.error, `Could not snooze “${r.title}”`)
      return
    }
    // Drops the notice and updates the row. Also told by the reminderSnoozed event; this call's
    // own answer does not wait for it.
    this.#tellSnoozed(r.profileId, result.value)
    this.#ctx.ui.announce(`Snoozed “${r.title}”.`)
  }

  /** Shows that profile (opening it if need be) and selects the to-do in its list. */
  async open(profileId: string, todoId: number): Promise<void> {
    const { app } = this.#ctx
    this.forget(profileId, todoId)
    // Asked before opening: the profile's view, made as it opens, takes the request at once.
    const request = { profileId, todoId }
    this.reveal = request
    if (app.session?.profile.id === profileId) return
    if (!(await openProfile(this.#ctx, profileId)) && this.reveal === request) this.reveal = null
  }

  #browserNotice(r: DueReminder): void {
    if (typeof Notification === 'undefined') return
    const show = () => {
      const n = new Notification(r.title, { body: 'Reminder', tag: `${r.profileId}#${r.todoId}` })
      n.onclick = () => {
        window.focus()
        void this.open(r.profileId, r.todoId)
      }
    }
    if (Notification.permission === 'granted') show()
    else if (Notification.permission === 'default')
      void Notification.requestPermission().then((p) => p === 'granted' && show())
  }
}

const key = (r: DueReminder) => `${r.profileId}#${r.todoId}`

function inElectron(): boolean {
  return navigator.userAgent.includes('Electron')
}
