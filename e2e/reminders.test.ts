// Reminders firing for real (issue 14): the real scheduler in the test server, no fake clock.
// A reminder set ~1.5 s ahead comes into the window over the browser transport; clicking it
// selects its to-do (switching list, or opening the other profile first); snooze from the row's
// "…" menu moves the reminder forward; Ctrl+Z of the snooze and of a delete keep rule and reminder;
// a snooze from the notice or from outside the window (the OS notification) shows on the row at once.
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../main/engine/engine'
import { createList } from '../main/engine/queries/lists'
import { addTodo } from '../main/engine/queries/todos'
import { SettingsStore } from '../main/api/settings'
import { launch, row, type Harness } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const byId = (page: Page, id: string) => page.getByTestId(id)
/** Each step goes through the API, the file and a refresh: on a busy machine that can take a moment. */
const SLOW = { timeout: 5_000 }
const FAR = '2999-01-01T09:00:00.000Z'
const RULE = 'RRULE:FREQ=WEEKLY;BYDAY=MO'

interface Seeded {
  home: { id: string; file: string; dentist: number }
  work: { id: string; file: string; invoice: number }
}

/** Home (opened at launch): Inbox, and Errands with 40 to-dos then "Call the dentist" (weekly). Work: "Send the invoice". */
async function seed(dataDir: string): Promise<Seeded> {
  const engine = new Engine({ dataDir })
  const now = new Date()
  try {
    const home = engine.createProfile('Home')
    const dentist = await engine.writeProfile(home.id, (db) => {
      const errands = createList(db, { name: 'Errands', now })
      for (let i = 1; i <= 40; i++) addTodo(db, { listId: errands.id, title: `Errand ${i}`, now })
      return addTodo(db, {
        listId: errands.id,
        title: 'Call the dentist',
        dueOn: '2999-01-07',
        repeat: 'weekly',
        remindAt: FAR,
        now,
      }).id
    })
    const work = engine.createProfile('Work')
    const invoice = await engine.writeProfile(
      work.id,
      (db) => addTodo(db, { listId: 1, title: 'Send the invoice', remindAt: FAR, now }).id,
    )
    new SettingsStore(path.join(dataDir, 'settings.json')).update({ lastProfileId: home.id })
    return { home: { ...home, dentist }, work: { ...work, invoice } }
  } finally {
    engine.close()
  }
}

function stored(file: string, title: string) {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare('SELECT id, done, repeat_rule AS repeat, remind_at AS remindAt FROM todos WHERE title = ? ORDER BY id')
      .all(title) as { id: number; done: number; repeat: string | null; remindAt: string | null }[]
  } finally {
    db.close()
  }
}

/** The to-do id of the row that has the keyboard focus (the selected one), else null. */
const focusedTodo = (page: Page) =>
  page.evaluate('document.activeElement?.closest?.("[role=row]")?.getAttribute("data-todo-id") ?? null')

/** What a row's reminder mark says (its tooltip), as the person sees it. */
const remindMark = (page: Page, title: string) => row(page, title).getByTestId('todo-remind-icon').getAttribute('title')
/** The mark's words for a UTC moment: this machine's local time, to the minute (the browser runs here too). */
function markFor(iso: string): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `Reminder ${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

async function key(page: Page, combo: string) {
  // Out of any text field: there Ctrl+Z is the field's own undo.
  await page.evaluate('document.activeElement?.blur?.()')
  await page.keyboard.press(combo)
}

describe('reminders in the window', () => {
  it('fire, select their to-do on a click (in another list, in another profile), snooze from the row, undo keeps rule and reminder', async () => {
    let s: Seeded | undefined
    h = await launch({ prepare: async (dir) => void (s = await seed(dir)) })
    const { page, server } = h
    const { home, work } = s!
    await expect.poll(() => byId(page, 'current-profile-name').textContent(), SLOW).toBe('Home')
    await expect.poll(() => byId(page, 'pane-title').textContent(), SLOW).toBe('Inbox')
    server.service.startReminders()

    // Due 1.5 s from now, set through the window's own call: the scheduler fires it then, over the transport.
    const soon = new Date(Date.now() + 1_500).toISOString()
    const set = await server.service.handlers['todos.update']({ id: home.dentist, remindAt: soon })
    expect(set.remindAt).toBe(soon)
    const notice = byId(page, 'reminder').filter({ hasText: 'Call the dentist' })
    await notice.waitFor({ timeout: 10_000 })
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon))
    await h.screenshot('reminder-notice')

    // Its click shows Errands (not the list on screen) and selects the row, scrolled into view.
    await notice.getByTestId('reminder-open').click()
    await expect.poll(() => byId(page, 'pane-title').textContent(), SLOW).toBe('Errands')
    await expect.poll(() => focusedTodo(page), SLOW).toBe(String(home.dentist))
    const dentist = row(page, 'Call the dentist')
    const box = (await dentist.boundingBox())!
    const pane = (await byId(page, 'todo-scroll').boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(pane.y)
    expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height + 1) // sub-pixel layout
    await expect.poll(() => notice.count(), SLOW).toBe(0)

    // Snooze an hour from the row's "…" menu: the reminder moves forward, and Ctrl+Z puts it back.
    const before = Date.now()
    await dentist.hover()
    await dentist.getByTestId('todo-menu').click()
    await byId(page, 'todo-snooze-1h').click()
    await expect.poll(() => stored(home.file, 'Call the dentist')[0]!.remindAt, SLOW).not.toBe(soon)
    const snoozed = Date.parse(stored(home.file, 'Call the dentist')[0]!.remindAt!)
    expect(snoozed).toBeGreaterThanOrEqual(before + 60 * 60_000)
    expect(snoozed).toBeLessThanOrEqual(Date.now() + 60 * 60_000)
    // The file changes before the window records the step (it refreshes first): Ctrl+Z any earlier undoes nothing.
    await expect.poll(() => byId(page, 'status-live').textContent(), SLOW).toContain('Snoozed “Call the dentist”.')
    await key(page, 'Control+z')
    await expect.poll(() => stored(home.file, 'Call the dentist')[0]!.remindAt, SLOW).toBe(soon)

    // Delete it, then Ctrl+Z: back with its weekly rule and its reminder.
    await dentist.hover()
    await dentist.getByTestId('todo-menu').click()
    await dentist.getByTestId('todo-delete').click()
    await expect.poll(() => stored(home.file, 'Call the dentist'), SLOW).toEqual([])
    await expect.poll(() => byId(page, 'status-live').textContent(), SLOW).toContain('Deleted “Call the dentist”.')
    await key(page, 'Control+z')
    await expect
      .poll(
        () => stored(home.file, 'Call the dentist').map(({ done, repeat, remindAt }) => ({ done, repeat, remindAt })),
        SLOW,
      )
      .toEqual([{ done: 0, repeat: RULE, remindAt: soon }])

    // A reminder of a profile that is not open: its click opens Work and selects the to-do.
    const later = new Date(Date.now() + 1_500).toISOString()
    await server.service.handlers['reminders.snooze']({ profileId: work.id, todoId: work.invoice, until: later })
    const other = byId(page, 'reminder').filter({ hasText: 'Send the invoice' })
    await other.waitFor({ timeout: 10_000 })
    await other.getByTestId('reminder-open').click()
    await expect.poll(() => byId(page, 'current-profile-name').textContent(), SLOW).toBe('Work')
    await expect.poll(() => byId(page, 'pane-title').textContent(), SLOW).toBe('Inbox')
    await expect.poll(() => focusedTodo(page), SLOW).toBe(String(work.invoice))

    // Snoozed outside the window (as the OS notification's button does, in main): the row on screen shows the new time.
    // Whole minutes apart, so the mark (to the minute) tells the times apart.
    const again = new Date(Math.ceil((Date.now() + 61_000) / 60_000) * 60_000).toISOString()
    await server.service.handlers['reminders.snooze']({ profileId: work.id, todoId: work.invoice, until: again })
    await expect.poll(() => remindMark(page, 'Send the invoice'), SLOW).toBe(markFor(again))

    // Snooze from the notice itself: 10 minutes on, the notice goes and the row shows the new time.
    const soonAgain = new Date(Date.now() + 1_000).toISOString()
    await server.service.handlers['reminders.snooze']({ profileId: work.id, todoId: work.invoice, until: soonAgain })
    await other.waitFor({ timeout: 10_000 })
    await expect.poll(() => remindMark(page, 'Send the invoice'), SLOW).toBe(markFor(soonAgain))
    const at = Date.now()
    await other.getByTestId('reminder-snooze-10m').click()
    await expect.poll(() => other.count(), SLOW).toBe(0)
    const movedAt = stored(work.file, 'Send the invoice')[0]!.remindAt!
    const moved = Date.parse(movedAt)
    expect(moved).toBeGreaterThanOrEqual(at + 10 * 60_000)
    expect(moved).toBeLessThanOrEqual(Date.now() + 10 * 60_000)
    await expect.poll(() => remindMark(page, 'Send the invoice'), SLOW).toBe(markFor(movedAt))
  }, 90_000)
})
