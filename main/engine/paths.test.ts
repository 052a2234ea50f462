import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, resolveDataDir } from './paths'

describe('where data lives', () => {
  it('is the folder Electron gives the app as userData on each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Ownlist')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/Ownlist')
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Ownlist')
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Ownlist',
    )
  })

  it('is --data-dir, else OWNLIST_DATA_DIR, else the app’s folder', () => {
    expect(resolveDataDir('rel/dir', { OWNLIST_DATA_DIR: '/env' })).toBe(path.resolve('rel/dir'))
    expect(resolveDataDir(undefined, { OWNLIST_DATA_DIR: '/env' })).toBe('/env')
    expect(resolveDataDir(undefined, { HOME: '/nowhere' })).toBe(defaultDataDir(process.platform, { HOME: '/nowhere' }))
  })
})
