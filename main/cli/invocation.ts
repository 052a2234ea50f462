import type { Engine } from '../engine/engine'
import { UsageError } from './usage'

/** A command line after parsing: its words and its flags (one shape for every command file). */
export interface Invocation {
  positionals: string[]
  flags: {
    list?: string
    due?: string
    notes?: string
    search?: string
    open?: boolean
    done?: boolean
    all?: boolean
    force?: boolean
    name?: string
    repeat?: string
    'repeat-from'?: string
    remind?: string
    until?: string
    'key-file'?: string
    'no-encrypt'?: boolean
    'take-over'?: boolean
    at?: string
    replica?: string
    once?: boolean
    off?: boolean
  }
}

export type Command = (engine: Engine, inv: Invocation) => Promise<unknown>

/** The positionals, when there are exactly as many as `names`; else a usage error naming them. */
export function args(inv: Invocation, names: string[]): string[] {
  if (inv.positionals.length !== names.length) {
    throw new UsageError(`Expected ${names.map((n) => `<${n}>`).join(' ') || 'no arguments'}.`)
  }
  return inv.positionals
}
