import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { OwnlistError } from '../../engine/errors'
import { parseReplicaUrl } from '../../engine/replication/url'
import type { ReplicationView } from '../../../common/contract'
import { summarize } from '../presenters'
import { profileById } from '../session'
import type { HandlerContext, SomeHandlers } from './context'

/** The open profile's replicas: add (by URL or a picked folder), list, remove, restore from one. */
export function replicationHandlers({ engine, emit, dialogs, profile, replication }: HandlerContext) {
  const view = async (): Promise<ReplicationView> => {
    const { replicas } = await replication.list(profile.current().id)
    return { available: replication.available, replicas }
  }
  const add = async (url: string, opts: { encrypt?: boolean; takeOver?: boolean }): Promise<ReplicationView> => {
    await replication.add(profile.current().id, url, opts)
    await profile.replicasChanged()
    return view()
  }
  return {
    'replication.list': view,
    'replication.add': ({ url, encrypt, takeOver }) => add(url, { encrypt, takeOver }),
    'replication.addFolder': async () => {
      profile.current()
      // Said before the dialog: a folder picked on a system without Litestream would go nowhere.
      replication.binary()
      const folder = await dialogs.openFolder({ title: 'Replicate this profile to a folder' })
      return folder ? add(pathToFileURL(path.resolve(folder)).href, {}) : null
    },
    'replication.remove': async ({ url }) => {
      await replication.remove(profile.current().id, url)
      await profile.replicasChanged()
      return view()
    },
    'replication.restore': async ({ url, at, asNew }) => {
      const when = parseMoment(at)
      // Refused before the open profile is closed for an in-place restore: nothing on disk moves.
      parseReplicaUrl(url)
      replication.binary()
      if (asNew) {
        profile.current()
        const r = await replication.restoreAsNew(url, { at: when })
        emit('profilesChanged', {})
        return { state: profile.state(), created: summarize(engine, profileById(engine, r.id)), undoName: null }
      }
      const { state, result } = await profile.replaceWhileClosed((entry) =>
        replication.restoreInto(entry.id, url, { at: when }),
      )
      emit('profilesChanged', {})
      return { state, created: null, undoName: path.basename(result.undoSnapshot) }
    },
  } satisfies SomeHandlers
}

/** `at`: ISO-8601 with a date and a time (a zone or Z; without one, local time), as the CLI's --at. */
function parseMoment(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined
  const d = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/.test(raw)
    ? new Date(raw)
    : new Date(Number.NaN)
  if (Number.isNaN(d.getTime()))
    throw new OwnlistError('INVALID_ARGUMENT', `"${raw.slice(0, 64)}" is not a date and time (like 2026-11-30T14:05).`)
  return d
}
