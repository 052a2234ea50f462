import type { Handlers } from '../dispatch'
import { backupHandlers } from './backups'
import type { HandlerContext } from './context'
import { healthHandlers } from './health'
import { listHandlers } from './lists'
import { overviewHandlers } from './overview'
import { profileHandlers } from './profiles'
import { reminderHandlers } from './reminders'
import { replicationHandlers } from './replication'
import { todoHandlers } from './todos'

export type { HandlerContext }

/** Every call of the contract, each domain's handlers merged into one table. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...profileHandlers(ctx),
    ...listHandlers(ctx),
    ...todoHandlers(ctx),
    ...backupHandlers(ctx),
    ...healthHandlers(ctx),
    ...overviewHandlers(ctx),
    ...reminderHandlers(ctx),
    ...replicationHandlers(ctx),
  } satisfies Handlers
}
