// Retakes the README's screenshots (docs/screenshots/) from the built renderer in Chromium,
// through the e2e harness, on a made-up data folder: `npx electron-vite build && npx tsx
// scripts/readme-screenshots.ts`. Dates are relative to today, so the pictures say "Today".
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { launch, local, ROOT } from '../e2e/harness'
import { Engine } from '../main/engine/engine'
import { createList } from '../main/engine/queries/lists'
import { addTodo, setDone } from '../main/engine/queries/todos'

const OUT = path.join(ROOT, 'docs', 'screenshots')
const VIEWPORT = { width: 1180, height: 760 }

const day = (n: number) => {
  const d = new Date()
  return local(new Date(d.getFullYear(), d.getMonth(), d.getDate() + n))
}

async function prepare(dataDir: string): Promise<void> {
  const engine = new Engine({ dataDir })
  const now = new Date()
  const work = engine.createProfile('Work')
  await engine.writeProfile(work.id, (db) => {
    for (const [i, title] of ['Send the invoice', 'Review the budget', 'Book the venue'].entries()) {
      const t = addTodo(db, { listId: 1, title, dueOn: i === 0 ? day(-1) : null, now })
      if (i === 2) setDone(db, { id: t.id, done: true, now })
    }
  })
  const personal = engine.createProfile('Personal')
  await engine.writeProfile(personal.id, (db) => {
    const work = createList(db, { name: 'Work', now }).id
    const groceries = createList(db, { name: 'Groceries', now }).id
    const add = (listId: number, title: string, more: Partial<Parameters<typeof addTodo>[1]> = {}) =>
      addTodo(db, { listId, title, now, ...more })
    add(1, 'Renew passport', { dueOn: day(-3), notes: 'Photos are in the desk drawer' })
    add(1, 'Call the dentist', { dueOn: day(0), remindAt: `${day(0)}T15:00` })
    add(1, 'Buy milk and bread', { notes: 'Semi-skimmed, two litres' })
    add(1, 'Book train tickets for the weekend', { dueOn: day(1) })
    const plants = add(1, 'Water the plants', { dueOn: day(0), repeat: 'RRULE:FREQ=WEEKLY' })
    setDone(db, { id: plants.id, done: true, now })
    add(1, 'Send the birthday card to Anna', { dueOn: day(4) })
    setDone(db, { id: add(1, 'Back up the laptop').id, done: true, now })
    add(1, 'Pay the rent', { dueOn: day(2), repeat: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=1' })
    add(work, 'Prepare the quarterly review', { dueOn: day(3) })
    add(work, 'Reply to the landlord', { dueOn: day(0) })
    add(groceries, 'Olive oil', { dueOn: day(1) })
    add(groceries, 'Coffee beans')
  })
  engine.close()
}

async function shot(page: Page, name: string) {
  // Transitions and hover states settled.
  await page.mouse.move(0, 0)
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(OUT, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}

const byId = (page: Page, id: string) => page.getByTestId(id)

fs.mkdirSync(OUT, { recursive: true })
const h = await launch({ prepare })
try {
  const { page } = h
  await page.setViewportSize(VIEWPORT)
  const select = async (name: string) => {
    await page.getByTestId('profile-switcher-button').click()
    await page.getByTestId('profile-item').filter({ hasText: name }).getByTestId('profile-open').click()
  }
  if ((await byId(page, 'current-profile-name').textContent()) !== 'Personal') await select('Personal')
  await page.getByTestId('todo-row').first().waitFor()

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.getByTestId('list-select').first().click()
    await page.getByTestId('todo-row').first().waitFor()
    await shot(page, `todos-${scheme}`)
    await byId(page, 'view-today').click()
    await page.getByTestId('todo-row').first().waitFor()
    await shot(page, `today-${scheme}`)
    await byId(page, 'view-upcoming').click()
    await byId(page, 'upcoming-day').first().waitFor()
    await shot(page, `upcoming-${scheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('list-select').first().click()

  await byId(page, 'profile-switcher-button').click()
  await byId(page, 'profile-switcher').waitFor()
  await shot(page, 'profile-switcher')
  await page.keyboard.press('Escape')

  await byId(page, 'backups-button').click()
  await byId(page, 'backups-panel').waitFor()
  for (let i = 0; i < 2; i++) {
    const count = await page.getByTestId('backup-row').count()
    await byId(page, 'backup-now').click()
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('[data-testid="backup-row"]').length > n,
      count,
    )
  }
  await shot(page, 'backups')
  await byId(page, 'backups-panel-close').click()

  await byId(page, 'health-button').click()
  await byId(page, 'health-panel').waitFor()
  await byId(page, 'check-database').click()
  await byId(page, 'health-last-check').waitFor()
  await shot(page, 'health')
  await page.keyboard.press('Escape')
  await byId(page, 'health-panel').waitFor({ state: 'hidden' })

  await byId(page, 'overview-nav').click()
  await page.getByTestId('overview-row').first().waitFor()
  await shot(page, 'overview')
} finally {
  await h.close()
}

// A profile from a newer Ownlist, on its own screen.
const future = await launch({
  prepare: (dataDir) => {
    fs.mkdirSync(path.join(dataDir, 'profiles'), { recursive: true })
    const file = path.join(dataDir, 'profiles', '00000000-0000-4000-8000-000000000099.sqlite')
    fs.copyFileSync(path.join(ROOT, 'resources', 'template.sqlite'), file)
    const db = new Database(file)
    db.prepare("INSERT INTO meta(key, value) VALUES ('name', 'Family'), ('app_version', '9.0.0')").run()
    db.pragma('user_version = 99')
    db.close()
  },
})
try {
  await future.page.setViewportSize(VIEWPORT)
  await byId(future.page, 'open-failure').waitFor()
  await shot(future.page, 'too-new')
} finally {
  await future.close()
}
