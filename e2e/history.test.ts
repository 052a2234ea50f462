// Undo and redo (issue 15): Ctrl+Z and Shift+Ctrl+Z for every change made in the window, not
// only the last delete, checked against the profile's file after each step.
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { closeLaunched, type Harness, launch, readProfile, row } from './harness'

let h: Harness | undefined
afterEach(closeLaunched)

const byId = (page: Page, id: string) => page.getByTestId(id)

type Snapshot = { todos: string[]; lists: string[] }
function snapshot(h: Harness): Snapshot {
  return readProfile(h, (db) => {
    const todos = db
      .prepare(
        'SELECT t.title, t.done, t.due_on AS due, l.name AS list FROM todos t JOIN lists l ON l.id = t.list_id ORDER BY l.position, t.position',
      )
      .all() as { title: string; done: number; due: string | null; list: string }[]
    const lists = db.prepare('SELECT name FROM lists ORDER BY position').pluck().all() as string[]
    return { todos: todos.map((t) => `${t.list}/${t.title}${t.done ? ' ✓' : ''}${t.due ? ` @${t.due}` : ''}`), lists }
  })
}

async function add(page: Page, title: string) {
  await byId(page, 'new-todo-input').fill(title)
  await byId(page, 'new-todo-input').press('Enter')
  await row(page, title).waitFor()
}

async function key(page: Page, combo: string) {
  // Out of any text field: there Ctrl+Z is the field's own undo.
  await page.evaluate('document.activeElement?.blur?.()')
  await page.keyboard.press(combo)
}

describe('undo and redo', () => {
  it('undoes and redoes adds, edits, completes, moves, deletes, due dates and list changes in order', async () => {
    h = await launch()
    const hh = h
    const { page } = h
    await expect.poll(() => byId(page, 'pane-title').textContent()).toBe('Inbox')
    const states: Snapshot[] = [snapshot(hh)]
    const step = async (action: () => Promise<void>) => {
      await action()
      const before = JSON.stringify(states.at(-1))
      await expect.poll(() => JSON.stringify(snapshot(hh))).not.toBe(before)
      // Let the window settle (the row refresh after the call) before the next action.
      await page.waitForTimeout(150)
      states.push(snapshot(hh))
    }

    await step(() => add(page, 'Alpha'))
    await step(() => add(page, 'Beta'))
    await step(() => add(page, 'Gamma'))
    await step(() => row(page, 'Beta').getByTestId('todo-checkbox').click())
    await step(async () => {
      await row(page, 'Gamma').hover()
      await row(page, 'Gamma').getByTestId('todo-menu').click()
      await row(page, 'Gamma').getByTestId('todo-edit').click()
      await byId(page, 'todo-edit-input').fill('Gamma ray')
      await byId(page, 'todo-save').click()
    })
    await step(async () => {
      await row(page, 'Alpha').hover()
      await row(page, 'Alpha').getByTestId('todo-menu').click()
      await row(page, 'Alpha').getByTestId('todo-move-down').click()
    })
    await step(async () => {
      await row(page, 'Gamma ray').hover()
      await row(page, 'Gamma ray').getByTestId('todo-due-set').click()
      await page.locator('[data-testid="due-picker"]:popover-open').getByTestId('row-due-tomorrow').click()
    })
    await step(async () => {
      await row(page, 'Beta').hover()
      await row(page, 'Beta').getByTestId('todo-menu').click()
      await row(page, 'Beta').getByTestId('todo-delete').click()
    })
    await step(async () => {
      await byId(page, 'new-list-button').click()
      await byId(page, 'new-list-input').fill('Work')
      await byId(page, 'new-list-submit').click()
    })
    expect(states.at(-1)).toEqual({
      todos: ['Inbox/Alpha', expect.stringMatching(/^Inbox\/Gamma ray @/)],
      lists: ['Inbox', 'Work'],
    })

    // Undo everything, one Ctrl+Z at a time, back to the empty profile.
    for (let i = states.length - 2; i >= 0; i--) {
      await key(page, 'Control+z')
      await expect.poll(() => snapshot(hh), { timeout: 5000 }).toEqual(states[i])
    }
    await expect.poll(() => byId(page, 'todo-row').count()).toBe(0)
    await h.screenshot('undo-all')

    // Redo it all again (the deleted to-do and the list come back under new ids, later steps still find them).
    for (let i = 1; i < states.length; i++) {
      await key(page, i % 2 ? 'Control+Shift+Z' : 'Control+y')
      await expect.poll(() => snapshot(hh), { timeout: 5000 }).toEqual(states[i])
    }

    // Undo twice, then a new change: what was undone can no longer be redone.
    await key(page, 'Control+z')
    await expect.poll(() => snapshot(hh)).toEqual(states.at(-2))
    await key(page, 'Control+z')
    await expect.poll(() => snapshot(hh)).toEqual(states.at(-3))
    await add(page, 'Delta')
    await page.waitForTimeout(150)
    const after = snapshot(hh)
    await key(page, 'Control+Shift+Z')
    await page.waitForTimeout(500)
    expect(snapshot(hh)).toEqual(after)

    // In a text field, Ctrl+Z is the field's own.
    await byId(page, 'new-todo-input').fill('typed')
    await byId(page, 'new-todo-input').press('Control+z')
    await page.waitForTimeout(300)
    expect(snapshot(hh)).toEqual(after)
  })
})
