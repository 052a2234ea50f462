import { createContext } from 'svelte'
import { attempt, ownlist } from './api'
import type { AppStore } from './app.svelte'
import type { Ui } from './ui.svelte'
import { markOf, type ReplicationMark } from './replication-mark'
import type { ApiError, ReplicaRestoreResult, ReplicationView, Result } from './types'

const BUSY: ApiError = {
  code: 'INVALID_ARGUMENT',
  message: 'Another replication action is still running. Wait for it to finish.',
}

/**
 * The open profile's replicas: loaded when the profile opens, kept current by the
 * `replicationStatus` events of its Litestream, changed through the `replication` calls.
 */
export class ReplicationStore {
  view = $state<ReplicationView | null>(null)
  error = $state<ApiError | null>(null)
  busy = $state<string | null>(null)
  /** What the last action came to, in words (shown in the panel). */
  outcome = $state<string | null>(null)
  mark = $derived<ReplicationMark>(markOf(this.view?.replicas ?? []))

  readonly #app: AppStore

  constructor(app: AppStore) {
    this.#app = app
  }

  subscribe(): () => void {
    const on = ownlist().on
    const offs = [
      on.profileOpened(() => void this.load()),
      on.replicationStatus(({ profileId, replicas }) => {
        if (profileId !== this.#app.profile?.id || !this.view) return
        this.view = {
          ...this.view,
          replicas: this.view.replicas.map((r) => replicas.find((n) => n.url === r.url) ?? r),
        }
      }),
    ]
    return () => offs.forEach((off) => off())
  }

  async load(): Promise<void> {
    if (!this.#app.profile) {
      this.view = null
      return
    }
    const r = await attempt(ownlist().replication.list())
    if (r.ok) {
      this.view = r.value
      this.error = null
    } else this.error = r.error
  }

  add(url: string, takeOver = false): Promise<Result<ReplicationView>> {
    return this.#change('add', () => ownlist().replication.add({ url, takeOver }))
  }

  addFolder(): Promise<Result<ReplicationView | null>> {
    return this.#change('add-folder', () => ownlist().replication.addFolder())
  }

  remove(url: string): Promise<Result<ReplicationView>> {
    return this.#change(`remove:${url}`, () => ownlist().replication.remove({ url }))
  }

  /** Restores a replica as a new profile, or over the open one (the app applies the new state). */
  async restore(url: string, at: string | undefined, asNew: boolean): Promise<Result<ReplicaRestoreResult | null>> {
    if (this.busy) return { ok: false, error: BUSY }
    this.busy = 'restore'
    try {
      const call = () => ownlist().replication.restore({ url, at, asNew })
      return asNew ? await attempt(call()) : await this.#app.replaceContent(call)
    } finally {
      this.busy = null
      void this.load()
    }
  }

  async #change<T extends ReplicationView | null>(action: string, call: () => Promise<Result<T>>): Promise<Result<T>> {
    if (this.busy) return { ok: false, error: BUSY }
    this.busy = action
    try {
      const r = await attempt(call())
      if (r.ok && r.value) this.view = r.value
      return r
    } finally {
      this.busy = null
    }
  }
}

export const [getReplication, setReplication] = createContext<ReplicationStore>()

/** Profile → Replication… (the menu) and the sidebar's button: the panel, with the replicas as they are now. */
export function openReplication(ui: Ui, replication: ReplicationStore): void {
  ui.openPanel('replication')
  replication.outcome = null
  replication.error = null
  void replication.load()
}
