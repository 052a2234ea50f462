export const LITESTREAM_PLATFORMS: string[]
export function stagingDir(root: string): string
export function litestreamSource(
  root: string,
  platform: string,
  arch: string,
): { key: string; file: string | null; reason: string | null }
export function stageLitestream(
  root: string,
  platform: string,
  arch: string,
  log?: (message: string) => void,
): { key: string; staged: string | null; reason: string | null }
export function targetPlatform(args: string[], fallback?: string): string
