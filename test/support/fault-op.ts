// Child process for the fault-injection tests (kill -9, disk full): runs one engine operation
// when told to, so the parent can kill it at a random moment, or have it kill itself right after
// its k-th file-system change.
// Usage: node --import tsx fault-op.ts '<json>' (or the esbuild bundle of this file), where json is
//   { op, dataDir, migrationsDir?, ref?, file?, name?, target?, force?, every? }
// op: create | open | migrate | migrate-all | backup | backup-to | restore | import | delete | write | close
// Prints "ready" once loaded, waits for one line on stdin, then runs the operation and prints one
// JSON line {"ok":true,"value":…,"steps":N} or {"ok":false,"error":{code,message},"raw":…,"steps":N}
// and exits. `steps` is how many file-system changes the operation made (see below).
// op "write" opens `ref` (as the app does) and adds to-dos in small transactions until killed,
// printing "committed <id> <id>…" right after each commit (stdout to a pipe is synchronous on Linux),
// `every` ms apart if given (120 s at most, longer than any test that holds a profile open with it).
// OWNLIST_KILL_AFTER_STEP=k: SIGKILLs itself right after the k-th file-system change (copy, rename,
// remove, mkdir, write, fsync) made through node:fs once the operation has started.
// Landed or not: "started" is printed right before the operation begins and the JSON line right
// after it returns, so a kill whose output lacks "started", or has the JSON line, did not land
// mid-operation. While it runs, "@ <event>" lines trace where it is (a kill lands after the last
// one printed): "@ fs:<call>" for each file-system change, "@ <call>+" / "@ <call>-" around
// SQLite's own work (backup page copy, transactions, exec, pragmas such as integrity_check or
// wal_checkpoint, close, which checkpoints), so the parent can tell which phase a kill hit.
// op "close": opens `ref` (as the app does) before "ready"; the operation is closing it, which
// checkpoints what is in its WAL (a crash-left WAL, replayed on open; the open itself writes nothing).
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { Engine } from '../../main/engine/engine'
import { toErrorValue } from '../../main/engine/errors'
import { listLists } from '../../main/engine/queries/lists'
import { addTodo } from '../../main/engine/queries/todos'
import type { FaultOpArgs } from './faults'

/** What faults.ts sends; `op` is checked here, so any string is taken. */
type Args = Omit<FaultOpArgs, 'op'> & { op: string }

const args = JSON.parse(process.argv[2] ?? '{}') as Args
const killAfter = Number(process.env.OWNLIST_KILL_AFTER_STEP ?? 0)
let armed = false
let steps = 0
const stepNames: string[] = []
// The endless writer would print thousands of events; its phase is always "writing".
const tracing = args.op !== 'write'
const trace = (event: string) => {
  if (armed && tracing) process.stdout.write(`@ ${event}\n`)
}

// The same `fs` object every engine module uses (a default import of node:fs is the CommonJS
// module object), so wrapping its methods here sees every call the engine makes.
const patchable = fs as unknown as Record<string, (...a: unknown[]) => unknown>
for (const name of [
  'copyFileSync',
  'renameSync',
  'rmSync',
  'unlinkSync',
  'mkdirSync',
  'writeFileSync',
  'writeSync',
  'fsyncSync',
]) {
  const original = patchable[name]!
  patchable[name] = (...a: unknown[]) => {
    const result = original.apply(fs, a)
    if (armed) {
      steps++
      stepNames.push(name)
      trace(`fs:${name}`)
      if (steps === killAfter) process.kill(process.pid, 'SIGKILL')
    }
    return result
  }
}

// SQLite's own work, on the one better-sqlite3 module the engine uses too (external in the bundle).
const proto = Database.prototype as unknown as Record<string, (...a: unknown[]) => unknown>
const around = (label: (a: unknown[]) => string, f: (...a: unknown[]) => unknown) =>
  function (this: unknown, ...a: unknown[]) {
    const l = label(a)
    trace(`${l}+`)
    try {
      return f.apply(this, a)
    } finally {
      trace(`${l}-`)
    }
  }
for (const name of ['exec', 'close']) proto[name] = around(() => name, proto[name]!)
const pragma = proto.pragma!
proto.pragma = around((a) => `pragma:${/^\s*(\w+)/.exec(String(a[0]))?.[1] ?? '?'}`, pragma)
const backup = proto.backup!
proto.backup = function (this: unknown, ...a: unknown[]) {
  trace('backup+')
  const done = () => trace('backup-')
  const p = backup.apply(this, a) as Promise<unknown>
  p.then(done, done)
  return p
}
// A transaction is traced with its kind: the migrations run in the one `immediate` transaction.
const transaction = proto.transaction!
proto.transaction = function (this: unknown, fn: unknown) {
  const t = transaction.call(this, fn) as ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown>
  const wrapped = around(() => 'transaction', t) as typeof t
  for (const kind of ['deferred', 'immediate', 'exclusive'])
    wrapped[kind] = around(() => `transaction.${kind}`, t[kind]!)
  return wrapped
}

const engine = new Engine({ dataDir: args.dataDir, migrationsDir: args.migrationsDir })
const need = (v: string | undefined, what: string): string => {
  if (v === undefined) throw new Error(`fault-op: ${args.op} needs ${what}`)
  return v
}

async function run(): Promise<unknown> {
  switch (args.op) {
    case 'create':
      return engine.createProfile(need(args.name, 'name')).id
    case 'open': {
      const s = await engine.openProfile(need(args.ref, 'ref'))
      s.close()
      return s.id
    }
    case 'migrate':
      return engine.migrateProfile(engine.resolve(need(args.ref, 'ref')))
    case 'migrate-all':
      return engine.migrateAll()
    case 'backup':
      return (await engine.backups.backupNow(need(args.ref, 'ref'), 'manual')).file
    case 'backup-to':
      return (await engine.backups.backupTo(need(args.ref, 'ref'), need(args.target, 'target'), { force: args.force }))
        .file
    case 'restore':
      return engine.backups.restore(need(args.ref, 'ref'), need(args.file, 'file'))
    case 'import':
      return engine.backups.importFile(need(args.file, 'file'))
    case 'delete':
      return engine.deleteProfile(need(args.ref, 'ref'))
    case 'close':
      held!.close()
      return held!.id
    case 'write': {
      const { db } = await engine.openProfile(need(args.ref, 'ref'))
      const listId = listLists(db)[0]!.id
      const batch = db.transaction((n: number, k: number) => {
        const ids: number[] = []
        for (let i = 0; i < k; i++)
          ids.push(
            addTodo(db, {
              listId,
              title: `Burst ${n}.${i}`,
              notes: `written by ${process.pid} ${'·'.repeat(n % 200)}`,
              now: new Date(),
            }).id,
          )
        return ids
      })
      // A safety net: a child whose parent died without killing it stops by itself.
      const stopAt = Date.now() + 120_000
      for (let n = 1; Date.now() < stopAt; n++) {
        const ids = batch(n, 1 + (n % 3))
        process.stdout.write(`committed ${ids.join(' ')}\n`)
        if (args.every) await new Promise((resolve) => setTimeout(resolve, args.every))
      }
      return 'stopped'
    }
    default:
      throw new Error(`fault-op: unknown op ${args.op}`)
  }
}

const held = args.op === 'close' ? await engine.openProfile(need(args.ref, 'ref')) : undefined

process.stdin.setEncoding('utf8')
process.stdin.once('data', () => {
  process.stdin.pause()
  // Stdout to a pipe is synchronous on Linux: once the parent can read a line, it was written.
  process.stdout.write('started\n')
  armed = true
  run().then(
    (value) => {
      armed = false
      process.stdout.write(`${JSON.stringify({ ok: true, value, steps, stepNames })}\n`)
      engine.close()
      process.exit(0)
    },
    (e: unknown) => {
      armed = false
      const raw = (e as { code?: unknown } | null)?.code ?? null
      process.stdout.write(
        `${JSON.stringify({ ok: false, error: toErrorValue(e), raw, detail: String(e), steps, stepNames })}\n`,
      )
      engine.close()
      process.exit(0)
    },
  )
})
process.stdout.write('ready\n')
