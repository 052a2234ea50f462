import os from 'node:os'
import path from 'node:path'

export const PRODUCT_NAME = 'Ownlist'

/**
 * The desktop app's user-data folder, computed the way Electron's `app.getPath('userData')`
 * does for productName "Ownlist", so the CLI and the app agree without importing Electron.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  }
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME)
}

/** `--data-dir`, else `OWNLIST_DATA_DIR`, else the app's user-data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag)
  if (env.OWNLIST_DATA_DIR) return path.resolve(env.OWNLIST_DATA_DIR)
  return defaultDataDir(process.platform, env)
}

/** Where each kind of file lives inside a data folder. */
export class DataLayout {
  constructor(readonly root: string) {}
  get profilesDir(): string {
    return path.join(this.root, 'profiles')
  }
  get trashDir(): string {
    return path.join(this.root, 'trash')
  }
  get locksDir(): string {
    return path.join(this.root, 'locks')
  }
  get backupsRoot(): string {
    return path.join(this.root, 'backups')
  }
  backupsDir(id: string): string {
    return path.join(this.backupsRoot, id)
  }
  /** Only ever called with ids that came from the file system or from randomUUID. */
  profileFile(id: string): string {
    return path.join(this.profilesDir, `${id}${PROFILE_EXT}`)
  }
}

export const PROFILE_EXT = '.sqlite'

/** Stamps safe in a file name on every OS (no colons). */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-')
}
