// The native application menu. Commands that belong to the page (focus search, open panels, add a
// folder with the picker) are sent to the renderer through `show`, which brings the window forward and
// opens it again when it was closed (macOS keeps the menu bar without a window); the rest use Electron
// roles so they behave natively on each platform. menuTemplate is plain data, unit-tested.
import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc-channels';

export const FOCUS_SEARCH_ACCELERATOR = 'CommandOrControl+Shift+Space';

export function buildMenu(show: (cmd: MenuCommand) => void, isDev: boolean): Menu {
  return Menu.buildFromTemplate(menuTemplate(show, isDev, process.platform));
}

export function menuTemplate(show: (cmd: MenuCommand) => void, isDev: boolean, platform: string): MenuItemConstructorOptions[] {
  const send = (cmd: MenuCommand) => () => show(cmd);
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add Folder…', accelerator: 'CommandOrControl+O', click: send('add-folder') },
        { label: 'Library', accelerator: 'CommandOrControl+L', click: send('open-library') },
        { label: 'Models', click: send('open-models') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Search', accelerator: 'CommandOrControl+F', click: send('focus-search') },
        { label: 'Preview', accelerator: 'CommandOrControl+Y', click: send('toggle-preview') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `Focus Glimpse from anywhere: ${FOCUS_SEARCH_ACCELERATOR.replace('CommandOrControl', mac ? 'Cmd' : 'Ctrl')}`, enabled: false },
        { label: 'Keyboard Shortcuts', accelerator: 'CommandOrControl+/', click: send('show-shortcuts') },
        { label: 'Show Data Folder', click: () => void shell.openPath(app.getPath('userData')) },
      ],
    },
  ];
  return template;
}
