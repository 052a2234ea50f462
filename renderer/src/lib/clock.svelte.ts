/** How often "2 hours ago" moves on while it is shown. */
export const RELATIVE_TIME_TICK_MS = 30_000

/** The time now, moving on every `ms` while the component that asked is mounted (call during its setup). */
export function ticking(ms: number = RELATIVE_TIME_TICK_MS): { readonly now: Date } {
  let now = $state(new Date())
  $effect(() => {
    const timer = setInterval(() => (now = new Date()), ms)
    return () => clearInterval(timer)
  })
  return {
    get now() {
      return now
    },
  }
}
