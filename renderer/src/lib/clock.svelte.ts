import { SvelteDate } from 'svelte/reactivity'

/** How often "2 hours ago" moves on while it is shown. */
export const RELATIVE_TIME_TICK_MS = 30_000

/** The time now, moving on every `ms` while the component that asked is mounted (call during its setup). */
export function ticking(ms: number = RELATIVE_TIME_TICK_MS): SvelteDate {
  const now = new SvelteDate()
  $effect(() => {
    const timer = setInterval(() => now.setTime(Date.now()), ms)
    return () => clearInterval(timer)
  })
  return now
}
