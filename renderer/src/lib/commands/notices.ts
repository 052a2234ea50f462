import type { AppNotices } from '../app.svelte'
import type { Toasts } from '../toasts.svelte'

/** What the window says when the app's state changes under it. */
export function appNotices(toasts: Toasts): AppNotices {
  return {
    applied(state, previousId) {
      const s = state.session
      // An Undo belongs to the profile it was offered in.
      if (s?.profile.id !== previousId) toasts.dropActions()
      if (s && s.migratedFrom !== null && s.profile.id !== previousId) {
        toasts.info(
          `“${s.profile.name}” was upgraded from version ${s.migratedFrom} to ${state.schemaVersion}. A safety copy was kept first.`,
        )
      }
    },
    contentReplaced() {
      // An Undo offered before (a deleted to-do) belongs to the content that was replaced.
      toasts.dropActions()
    },
  }
}
