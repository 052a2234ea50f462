import { tick } from 'svelte'
import type { ApiError, ProfileSummary } from '../types'
import type { Ctx } from './ctx'

/** User actions on profiles: each asks, calls the store, and says what happened. */

export function openSwitcher({ app, ui }: Ctx, opts: { create?: boolean; renameId?: string | null } = {}): void {
  ui.openSwitcher(opts)
  void app.reloadProfiles()
}

/** Opens a profile; false when it could not be (a notice says why, or its failure screen shows). */
export async function openProfile({ app, toasts }: Ctx, id: string): Promise<boolean> {
  const name = app.nameOf(id)
  const result = await app.openProfile(id)
  if (result.ok) return result.value.session !== null
  toasts.error(result.error, `Could not open “${name}”`)
  return false
}

/** Switches to another profile from the list, then focuses the profile button. */
export async function switchProfile(ctx: Ctx, id: string): Promise<void> {
  const { app, ui } = ctx
  if (id === app.session?.profile.id) return
  if (await openProfile(ctx, id)) {
    ui.announce(`Opened the profile “${app.profile?.name}”.`)
    await tick()
    ui.focus('profile-button')
  }
}

/** Creates a profile and opens it. Returns the engine's error for the name field. */
export async function createProfile(ctx: Ctx, name: string, beforeOpen?: () => void): Promise<ApiError | null> {
  const { app, ui } = ctx
  const result = await app.createProfile(name)
  if (!result.ok) return result.error
  beforeOpen?.()
  if (await openProfile(ctx, result.value.id)) {
    ui.announce(`Profile “${result.value.name}” created and opened.`)
    await tick()
    ui.focus('new-todo')
  }
  return null
}

export async function renameProfile({ app }: Ctx, id: string, name: string): Promise<ApiError | null> {
  const result = await app.renameProfile(id, name)
  return result.ok ? null : result.error
}

export async function deleteProfile(
  { app, ui, toasts }: Ctx,
  profile: Pick<ProfileSummary, 'id' | 'name'>,
): Promise<void> {
  const isOpen = app.session?.profile.id === profile.id
  const ok = await ui.confirm({
    title: `Delete the profile “${profile.name}”?`,
    body:
      'Its file is moved to the trash folder inside Ownlist’s data folder. It is not erased: you can get it back from there.' +
      (isOpen ? ' Ownlist then opens another profile.' : ''),
    confirmLabel: 'Move to trash',
    danger: true,
  })
  if (!ok) return
  const result = await app.deleteProfile(profile.id)
  if (!result.ok) {
    toasts.error(result.error, `Could not delete “${profile.name}”`)
    return
  }
  toasts.info(`“${profile.name}” was moved to the trash folder.`)
  ui.announce(`Profile “${profile.name}” moved to the trash folder.`)
}

export async function quit({ app, toasts }: Ctx): Promise<void> {
  const result = await app.quit()
  if (!result.ok) toasts.error(result.error, 'Could not quit')
}
