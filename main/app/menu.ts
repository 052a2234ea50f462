import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../common/contract'

/** File / Profile / Edit / View / Help, with the usual accelerators; actions go to the renderer. */
export function buildMenu(send: (command: MenuCommand) => void, dataDir: string, dev: boolean): Menu {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(command),
  })
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New To-do', 'new-todo', 'CmdOrCtrl+N'),
        item('New List', 'new-list', 'CmdOrCtrl+Shift+N'),
        { type: 'separator' },
        item('Find', 'find', 'CmdOrCtrl+F'),
        item('Overview of All Profiles', 'overview', 'CmdOrCtrl+Shift+O'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Profile',
      submenu: [
        item('Switch Profile…', 'switch-profile', 'CmdOrCtrl+P'),
        item('New Profile…', 'new-profile', 'CmdOrCtrl+Shift+P'),
        item('Rename Profile…', 'rename-profile'),
        item('Delete Profile…', 'delete-profile'),
        { type: 'separator' },
        item('Back Up Now', 'backup-now', 'CmdOrCtrl+B'),
        item('Back Up to File…', 'export-profile', 'CmdOrCtrl+Shift+S'),
        item('Restore…', 'restore-profile'),
        item('Import Profile File…', 'import-profile', 'CmdOrCtrl+O'),
        { type: 'separator' },
        item('Check Database', 'check-database'),
        item('Health', 'profile-health'),
        item('Replication…', 'replication'),
        { type: 'separator' },
        { label: 'Open Data Folder', click: () => void shell.openPath(dataDir) },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(dev
          ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: `About Ownlist ${app.getVersion()}`, click: () => app.showAboutPanel() }],
    },
  ]
  return Menu.buildFromTemplate(template)
}
