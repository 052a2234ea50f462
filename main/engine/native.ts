/**
 * Which compiled better-sqlite3 to load. Under Node (tests, CLI) the package's own build
 * is used. The Electron wiring points this at the build made for Electron's ABI (see
 * scripts/native.mjs), so both builds live side by side and neither is ever thrown away.
 */
let binding: string | undefined

export function setNativeBinding(file: string | undefined): void {
  binding = file
}

export function nativeBinding(): string | undefined {
  return binding
}
