import fs from 'node:fs'
import { z } from 'zod'
import { removeAbandonedWrites, writeFileAtomic } from '../engine/fsutil'

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
})

const Check = z.object({ at: z.string().max(40), ok: z.boolean() })

const Settings = z.object({
  lastProfileId: z.string().max(200).nullable().default(null),
  window: Bounds.nullable().default(null),
  /** The last "Check database" result per profile id, for the health view. */
  checks: z.record(z.string().max(200), Check).default({}),
})

export type AppSettings = z.infer<typeof Settings>
export type WindowBounds = z.infer<typeof Bounds>

/**
 * The app's own settings (last profile, window bounds) in the data folder. A damaged or
 * hand-edited file falls back to defaults; writes go to a temporary file and are renamed
 * into place, so a crash never leaves half a file.
 */
export class SettingsStore {
  private value: AppSettings
  constructor(private readonly file: string) {
    this.value = SettingsStore.read(file)
    removeAbandonedWrites(file)
  }

  static read(file: string): AppSettings {
    try {
      return Settings.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    } catch {
      return Settings.parse({})
    }
  }

  get(): AppSettings {
    return this.value
  }

  update(patch: Partial<AppSettings>): void {
    this.value = Settings.parse({ ...this.value, ...patch })
    writeFileAtomic(this.file, `${JSON.stringify(this.value, null, 2)}\n`)
  }
}
