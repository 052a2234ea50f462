import type { z } from 'zod'
import { OwnlistError, toErrorValue } from '../engine/errors'
import type { CallInput, CallName, CallOutput, Result } from '../../common/contract'
import { INPUT_SCHEMAS } from './schemas'

export type Handlers = { [K in CallName]: (input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>> }

export type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>

/**
 * Routes a call by name: validates the input against its schema, runs the handler, and
 * turns every outcome into a Result. Nothing thrown ever crosses: unexpected errors are
 * logged here and reach the renderer as INTERNAL, without a stack or a path.
 */
export function createDispatch(handlers: Handlers, log: (e: unknown) => void = console.error): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !Object.hasOwn(INPUT_SCHEMAS, name)) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Unknown call.' } }
    }
    const callName = name as CallName
    const parsed = (INPUT_SCHEMAS[callName] as z.ZodType).safeParse(input)
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: describeIssues(parsed.error) } }
    }
    try {
      const handler = handlers[callName] as (i: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (e) {
      if (!(e instanceof OwnlistError)) log(e)
      return { ok: false, error: toErrorValue(e) }
    }
  }
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0]
  if (!first) return 'The request was not valid.'
  const where = first.path.length ? `${first.path.join('.')}: ` : ''
  return `The request was not valid (${where}${first.message}).`.slice(0, 300)
}
