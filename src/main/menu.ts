// The native application menu. Commands that belong to the page (focus search, open panels) are
// sent to the renderer; the rest use Electron roles so they behave natively on each platform.
import { Menu, app, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IPC, type MenuCommand } from './ipc/channels';

export const FOCUS_SEARCH_ACCELERATOR = 'CommandOrControl+Shift+Space';

export function buildMenu(getWindow: () => BrowserWindow | null, isDev: boolean): Menu {
  const send = (cmd: MenuCommand) => () => {
    const w = getWindow();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    w.webContents.send(IPC.command, cmd);
  };
  const mac = process.platform === 'darwin';
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
  return Menu.buildFromTemplate(template);
}
