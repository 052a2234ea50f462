import type { Engine } from '../engine/engine'
import type { BinaryOptions } from '../engine/replication/binary'
import { Replication } from '../engine/replication/replication'
import type { Supervisor } from '../engine/replication/supervisor'
import type { ReplicaView } from '../../common/contract'
import type { Emit } from './ports'

/**
 * The one supervised Litestream of the profile open in the app: started when a profile with
 * replicas opens (or gets its first replica), stopped when it closes, before a restore, a
 * repair or a delete, and on quit. Status changes go to the renderer as `replicationStatus`.
 */
export class AppReplicator {
  readonly replication: Replication
  private running: { profileId: string; sup: Supervisor } | null = null
  private readonly kinds = new Map<string, { type: ReplicaView['type']; encrypted: boolean }>()

  constructor(
    engine: Engine,
    private readonly emit: Emit,
    private readonly log: (e: unknown) => void,
    binary?: BinaryOptions,
  ) {
    this.replication = new Replication(engine, { binary })
  }

  get profileId(): string | null {
    return this.running?.profileId ?? null
  }

  /** Starts replicating this profile if it has replicas and Litestream is here; never throws. */
  async start(profileId: string): Promise<void> {
    await this.stop()
    const settings = this.replication.store.read(profileId).replicas
    if (settings.length === 0 || !this.replication.available) return
    this.kinds.clear()
    for (const s of settings) this.kinds.set(s.url, { type: s.type, encrypted: s.encrypted })
    try {
      const sup = this.replication.supervisor([profileId], {
        onStatus: (id, replicas) => {
          // Told only on a change, after the engine wrote its status file (which `list` reads).
          this.emit('replicationStatus', {
            profileId: id,
            replicas: replicas.map((r) => ({
              ...r,
              type: this.kinds.get(r.url)?.type ?? 'file',
              encrypted: this.kinds.get(r.url)?.encrypted ?? false,
            })),
          })
        },
      })
      sup.start()
      this.running = { profileId, sup }
    } catch (e) {
      // A replicator that cannot start (another process replicates it, a key missing) shows as idle.
      this.log(e)
    }
  }

  /** Stops Litestream after a final sync; nothing when none runs. */
  async stop(): Promise<void> {
    const r = this.running
    if (!r) return
    this.running = null
    try {
      await r.sup.stop()
    } catch (e) {
      this.log(e)
    }
  }
}
