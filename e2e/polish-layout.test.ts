// Issue 15, the last of "Found, to fix": an empty add field, the `N` hint's room, the open
// editor's fields and the repeat mark's place, each checked by what the page lays out.
import fs from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../main/engine/engine'
import { addTodo } from '../main/engine/queries/todos'
import { launch, local, row, type Harness } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const byId = (page: Page, id: string) => page.getByTestId(id)

interface Box {
  x: number
  y: number
  width: number
  height: number
}
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox()
  if (!b) throw new Error('not laid out')
  return b
}
/** How far `inner` stays inside `outer` on its tightest side (negative: it sticks out). */
function margin(inner: Box, outer: Box): number {
  return Math.min(
    inner.x - outer.x,
    inner.y - outer.y,
    outer.x + outer.width - (inner.x + inner.width),
    outer.y + outer.height - (inner.y + inner.height),
  )
}

/** Every file of the profiles folder, byte for byte (the SQLite file and its -wal, if any). */
function profileBytes(dataDir: string): Record<string, string> {
  const dir = path.join(dataDir, 'profiles')
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
  )
}

/** "Personal" with a monthly to-do that has a custom rule and a reminder: the editor at its tallest. */
async function withRepeating(dataDir: string) {
  const engine = new Engine({ dataDir })
  const session = await engine.openProfile(engine.createProfile('Personal').id)
  const now = new Date()
  const tomorrow = local(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1))
  addTodo(session.db, { listId: 1, title: 'Buy bread', now })
  addTodo(session.db, {
    listId: 1,
    title: 'Pay the rent',
    dueOn: tomorrow,
    repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=1',
    remindAt: `${tomorrow}T09:00`,
    notes: 'Standing order failed last time',
    now,
  })
  addTodo(session.db, { listId: 1, title: 'Call the plumber', now })
  session.close()
  engine.close()
}

describe('issue 15: the add field, the editor and the row, laid out', () => {
  it('Enter in an empty add field adds nothing and shows no error, only a quiet word that goes once typing starts', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    const input = byId(page, 'new-todo-input')
    const before = profileBytes(h.dataDir)
    for (const empty of ['', '   ']) {
      await input.fill(empty)
      await input.press('Enter')
      const nudge = byId(page, 'new-todo-nudge')
      await nudge.waitFor()
      expect(await nudge.textContent()).toBe('Type what to do, then press Enter.')
      expect(await byId(page, 'field-error').count()).toBe(0)
      expect(await input.getAttribute('aria-invalid')).toBeNull()
      expect(await input.getAttribute('aria-describedby')).toBe(await nudge.getAttribute('id'))
    }
    expect(await page.getByTestId('todo-row').count()).toBe(0)
    expect(profileBytes(h.dataDir)).toEqual(before)

    // The cause is gone once there is something to add: the word goes with it.
    await input.pressSequentially('B')
    await expect.poll(() => byId(page, 'new-todo-nudge').count()).toBe(0)

    // A real error (a title over 500 characters) is a sentence, and goes when the title changes.
    await input.fill('x'.repeat(501))
    await input.press('Enter')
    const error = byId(page, 'field-error')
    await error.waitFor()
    expect(await error.textContent()).toBe('A title can be at most 500 characters.')
    await input.press('Backspace')
    await expect.poll(() => error.count()).toBe(0)
    expect(await input.getAttribute('aria-invalid')).toBeNull()
    expect(profileBytes(h.dataDir)).toEqual(before)
  })

  it('the N hint sits inside the add field with room to its border', async () => {
    h = await launch()
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    await page.mouse.click(700, 700)
    // The kbd beside the field (found by place, so the test reads the layout before and after the fix).
    const hint = page.locator('[data-testid="new-todo-input"] ~ kbd')
    await hint.waitFor()
    for (const size of [
      { width: 1200, height: 800 },
      { width: 900, height: 700 },
    ]) {
      await page.setViewportSize(size)
      const inField = margin(await box(hint), await box(byId(page, 'new-todo-input')))
      // It was 1 px from the field's right border.
      expect(inField).toBeGreaterThanOrEqual(6)
    }
  })

  it('the open editor shows every field whole, in its row and in the window, wide and narrow', async () => {
    h = await launch({ prepare: withRepeating })
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    for (const size of [
      { width: 1200, height: 800 },
      { width: 900, height: 700 },
    ]) {
      await page.setViewportSize(size)
      const rent = row(page, 'Pay the rent')
      await rent.getByTestId('todo-title').dblclick()
      const toggle = byId(page, 'todo-details-toggle')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
      const editing = page.locator('[role="row"]').filter({ has: byId(page, 'todo-edit-input') })
      await byId(page, 'todo-remind-input').waitFor()
      // The row takes the editor's height a frame after it is measured.
      await page.waitForTimeout(200)
      const rowBox = await box(editing)
      const windowBox = await box(byId(page, 'todo-scroll'))
      const cut: string[] = []
      for (const id of [
        'todo-edit-input',
        'todo-save',
        'todo-notes-input',
        'todo-due-input',
        'todo-repeat-select',
        'todo-repeat-custom',
        'todo-repeat-from',
        'todo-remind-input',
        'todo-end-series',
      ]) {
        const b = await box(byId(page, id))
        if (margin(b, rowBox) < 0 || margin(b, windowBox) < 0) cut.push(`${id} at ${size.width} px`)
      }
      expect(cut).toEqual([])
      // The row below starts where the editor ends, not on top of it.
      const below = await box(row(page, 'Call the plumber'))
      expect(below.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height - 1)
      await page.keyboard.press('Escape')
      await expect.poll(() => byId(page, 'todo-edit-input').count()).toBe(0)
    }
  })

  it('the repeat and reminder marks sit on the title line, right after the title', async () => {
    h = await launch({ prepare: withRepeating })
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    const rent = row(page, 'Pay the rent')
    const title = await box(rent.getByTestId('todo-title'))
    for (const id of ['todo-repeat-icon', 'todo-remind-icon']) {
      const mark = await box(rent.getByTestId(id))
      const middle = mark.y + mark.height / 2
      expect(middle).toBeGreaterThan(title.y)
      expect(middle).toBeLessThan(title.y + title.height)
      // Beside the title (it was at the far end of the row, by the due date).
      expect(mark.x - (title.x + title.width)).toBeLessThan(40)
      expect(mark.x).toBeGreaterThanOrEqual(title.x + title.width)
    }
  })
})
