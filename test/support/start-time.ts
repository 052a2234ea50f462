// For support children that must act at one instant shared with a sibling: the parent sends
// the instant (epoch ms) on stdin once every child has said it is ready.

/** Prints "ready", then resolves with the start time (epoch ms) read from the first stdin line. */
export function readyThenStartTime(): Promise<number> {
  return new Promise<number>((resolve) => {
    let buf = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (chunk: string) => {
      buf += chunk
      if (buf.includes('\n')) {
        process.stdin.pause()
        resolve(Number(buf.trim()))
      }
    })
    process.stdout.write('ready\n')
  })
}

/** Busy-waits until `at` (epoch ms): a timer would wake too late to meet the sibling there. */
export function spinUntil(at: number): void {
  while (Date.now() < at) {
    // spin
  }
}
