import { randomUUID } from 'node:crypto'
import { OwnlistError } from '../../engine/errors'
import * as lists from '../../engine/queries/lists'
import type { HandlerContext, SomeHandlers } from './context'

/** How many deleted lists can still be brought back (the undo of the newest ones). */
const KEPT_DELETED = 20

/** The open profile's lists. */
export function listHandlers({ profile, now }: HandlerContext) {
  // Deleted lists, in memory for their undo: tied to the profile they came from.
  const deleted = new Map<string, { profileId: string; list: lists.DeletedList }>()
  return {
    'lists.list': () => lists.listLists(profile.db()),
    'lists.create': ({ name }) => profile.write((db) => lists.createList(db, { name, now: now() })),
    'lists.rename': ({ id, name }) => profile.write((db) => lists.renameList(db, { id, name })),
    'lists.delete': ({ id }) => {
      const list = profile.write((db) => lists.deleteList(db, { id }))
      const undoToken = randomUUID()
      deleted.set(undoToken, { profileId: profile.openId!, list })
      if (deleted.size > KEPT_DELETED) deleted.delete(deleted.keys().next().value!)
      return { id, todoCount: list.todos.length, undoToken }
    },
    'lists.bringBack': ({ undoToken }) => {
      const kept = deleted.get(undoToken)
      if (!kept || kept.profileId !== profile.openId)
        throw new OwnlistError('NOT_FOUND', 'That list can no longer be brought back.')
      const list = profile.write((db) => lists.bringBackList(db, kept.list))
      deleted.delete(undoToken)
      return list
    },
    'lists.move': ({ id, toIndex }) => profile.write((db) => lists.moveList(db, { id, toIndex })),
  } satisfies SomeHandlers
}
