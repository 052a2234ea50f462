/** One IPC channel carries every call (name + input), one carries every event. */
export const INVOKE_CHANNEL = 'ownlist:call'
export const EVENT_CHANNEL = 'ownlist:event'
