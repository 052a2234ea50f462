import * as lists from '../../engine/queries/lists'
import type { HandlerContext, SomeHandlers } from './context'

/** The open profile's lists. */
export function listHandlers({ profile, now }: HandlerContext) {
  return {
    'lists.list': () => lists.listLists(profile.db()),
    'lists.create': ({ name }) => profile.write((db) => lists.createList(db, { name, now: now() })),
    'lists.rename': ({ id, name }) => profile.write((db) => lists.renameList(db, { id, name })),
    'lists.delete': ({ id }) => {
      profile.write((db) => lists.deleteList(db, { id }))
      return { id }
    },
    'lists.move': ({ id, toIndex }) => profile.write((db) => lists.moveList(db, { id, toIndex })),
  } satisfies SomeHandlers
}
