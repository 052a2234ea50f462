import type { ProfilesView } from '../../../common/contract'
import { summarize } from '../presenters'
import { profileById } from '../session'
import type { HandlerContext, SomeHandlers } from './context'

/** The app's lifecycle and the profiles of the data folder: list, create, rename, delete, open. */
export function profileHandlers({ engine, emit, profile, replication, onQuit }: HandlerContext) {
  return {
    'app.start': () => profile.start(),
    'app.state': () => profile.state(),
    'app.quit': async () => {
      await profile.shutdown()
      onQuit()
      return null
    },
    'profiles.list': (): ProfilesView => {
      const { profiles, ignored } = engine.listProfiles()
      return {
        profiles: profiles.map((p) => summarize(engine, p)),
        currentId: profile.openId,
        ignored: ignored.map(({ file, reason }) => ({ file, reason })),
      }
    },
    'profiles.create': ({ name }) => {
      const entry = engine.createProfile(name)
      emit('profilesChanged', {})
      return summarize(engine, entry)
    },
    'profiles.rename': async ({ id, name }) => {
      await engine.renameProfile(profileById(engine, id).id, name)
      profile.renamed(id, name)
      emit('profilesChanged', {})
      return summarize(engine, profileById(engine, id))
    },
    'profiles.delete': async ({ id }) => {
      const entry = profileById(engine, id)
      // Litestream must not hold the file as it moves to the trash (also one started by the CLI).
      await profile.stopReplicationOf(entry.id)
      if (replication.store.read(entry.id).replicas.length > 0) await replication.beforeDelete(entry.id)
      profile.forget(entry.id)
      engine.deleteProfile(entry.id)
      emit('profilesChanged', {})
      return { id: entry.id }
    },
    'profiles.open': ({ id }) => profile.open(profileById(engine, id)),
  } satisfies SomeHandlers
}
