// The tray (notification area / menu bar) icon that keeps Glimpse reachable while it runs without a
// window: Show Glimpse, the two background settings as check boxes, and Quit. Clicking the icon shows
// the window (Windows, Linux). The menu is a plain template (trayMenuTemplate), unit-tested.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { AppSettings } from './app-settings';

// 32 px app icon (resources/icon.png), inline so it needs no file next to the packaged app.
const ICON_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAACXBIWXMAAXEYAAFxGAHswbAIAAAHy0lEQVRYw6WXi1NU9xXHbxr/iT4mseH9VAwaoshD5BEdZNqUdBo1k4BW0UQSo0kbMwNpmsS01TRqk8ZkqgkRCPJ+CczCynMBeYSnKIK8WXbv3WURsrB32W/P7+5lWXaWpR3vzJ07A7/Zz++c8z3f8/txnPykpeFn7BsertwUnTwRH310KjPq+ORI1BvTYuRpNSLeUSPsnBq702aw668z2Hl+Bs9f0OC5zzXY8S8Ngq9q8Ox/tNj2nRZbs7TYcpNHQAEv+pVoRvwq+Uw/hTY+XIlNEgxWlu1JTMST7LvnFXVgzKsTDXEps4hLnbfsTeXB4OHvMvgMdqc7gX9hB8+Q4bkEL+ThX8rDT2GAn0q0+LQY4dGgbfBU6QIlZo6VaYs89vBkbGyS1vDCiUeISpk2R72hFiNOT1siVuBp/yP8ph28goePgrd41QmiZxNv9uozwa37kWHzj0LsmkxEHZ4IiksW9LHHdASfEvecUkuRR6wTeYgM3+4q8kqCVwvwrhXg2STAo1XAMx2C6D6wAJ++OX1g40SQXAA8EZckKFnke53B5chDP6XvRQL/k6BXNAj6N70ED/6eNkDwwJtO4HWrcLdOHUWvg1eHRtzWt4AdbbyS4E9wsUe0CazmJLhlR3gowUNl+FaK3v/vlIEvNQi7psXuDF6Ce3yngUc2RV9EGyC4rwu4dyeta51BcOPkclgLj4jayQQu5jifEZs6j8hT02ZH+O6PZhDyyQy20Jv8gx55PUbc50XMLlqk955eRM4DIw7WzuKZIi28qeZ+BPeqXR++vWkKu2rHzDHNOsRWj2Vw0Sc1Q3vfZGpfFdwKfMfH9P1Mg4JuIywWrPuwf/0wbkRAjQD32xS9C3ho3TgiFSOWfYoxHLg1NMRR2k2Rp2fW1DxUjpzBW0ZMEmRZ3gD7LpgsmBcttr+Z5W+jzkQtR2CCu68D31M9irjKYSSUPcDviu6ZuDXw9FXBbaGa53YZpR82ma0AxegSjtbMIrxYQFi5DknNBlSpl6T/LS1b19yYWcTP2ygDPRvAC+/hYG4/OKvDrVU7E1wS1ZxFKP8uLnUswP1bEhwp3reAhFbCY3OZFr+q1OLC8IItOywbLz6Yw1PtWgRtAE/K6gUX7tDnrNUCSO05XT/Zalw5sijBt+ZSv8tqZ63mTzX3IbX/oo5HubBkW/+91gi3ZjVCVOvDX8vuxfGMLnCODsf6PIRabUAr2n7wCKXdI0sjwR1Nxodq/stmAQcH52zr++dFPEfwXS7gxwh+6loHOEeHYybD+lxvtCZ/ngTHas7SHuDEZDxJcJs7dNjep8e8rEq9aRnRjZMIV4zgBRfws1+3gXP09m1faSST0S+ubiCsXJBq7szhmNqf7hLwfI+AebkdZmkD+2+PIabCNfzcFy3g7OHM27fJ9tqvWy3BayoDfk2CYzV3NBlPUvvT7RokDeht6wfnlrC/ahgHygaRuA78PYJ/cKkJXIjDVJPsNUODrMFVEd6aXiK185LgfFXWtLPIPanPfTt5uKmmUcUbbeuLRw2ILrqP3xe5hp+/2ABuzWGCptqz5OvM218mezXbteGFhwuS2pngWM03d+nwVJtGgl8eXRWgiXRwtmEcB/IHcCjvrkv4xU9rwTk7TLDBwrw9a9S4xmQqqNUODj5CMAmO1TyZ0q4QrGtEWYAPZhfxm4IBvHyzH8ku4BcIfuWjGnDO5jlTuw8NFubtzF7t7ZbthYmNvRa7WWBv1zXDehy60S3BU6914owT+GWCX01XgHN2mGAj1U8eLKzmWZpFuJhFMNJmWORsYK1sov4+j5Rv2nDmKqn9y7Vpl+AfKPDt+5Xg1jvJMLWzqcYGC/P2FwcNyCaHu7dA41hchoFabWjOhLIxg1Tz31Laq4etnSCarTVrvqvBO5dVSP+c4J/ZRS7Ds/5UDs7pMcqhzz2kVtPa7JWZzP7aMeyreoi9pPYDeQP4A9Wcpb3uvrBmE+29anz4tzr84/xtXPlYKaV9BZ5/phScf6Fg8i8TNjzJBN2ZkeA7a8clh4smk4kvHZRa7TAbLLLgUr5pp8i1Vt3Im+jqnMKlD6ttkWfK8LLU4iUuoFw3xI7O7PTqvcFJxnGwvLQy1WR46vVOqeYs7e09amsmROsm6kv6cfVMGbLfu4W8t0sst94qheL1giHOt3ouw19loprz5v8H7sxemdrfJ8GxmrO0d/84ZROqqrAX11OLUXC2DCWpRebGtypQf7wwg/OpnUvwafkJno3a5ceBr+lzJjiqOUt7fcldNBX0IvPP5SxylKYWofJE/nLziWI0H8tPkI7l3q1zSq9ek3Ruf2y4zWSUUs2/olpfJ2je26USvOJEvnjnZClaj+YpwY7l7HFv1AS5983r3Qfm4U3n9seBO/Y5q7mcdoLniY0phbhzNE/feDhTvpjI1yM3ui75dM8a2KWB4OaddeNiZPWIZb2TzErNz8nwT5zAWavlkuAILladzDffeb0MrUfyDC2v3pCuZkhLky+p8kXRX6UODG6YaAhr5RHTLFj2VdPReQN4ugt4HqW/nNROgrM0nyxGQ1JWg+qVTOlympOY8+SaG/JKJsKVyk1hitH4mMqhTOrzh4kFA+KhXJpqWT0SPNUO/hc7OBssX9ubDNW85FShSIJ7WPPH3Mz65Ox4JV39rZGvXs//CwTOaGdR3GAtAAAAAElFTkSuQmCC';

export interface TrayActions {
  show(): void;
  quit(): void;
  /** Changes one setting (persisted and applied by the caller). */
  setSetting<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void;
}

export function trayMenuTemplate(settings: AppSettings, actions: TrayActions, platform: string = process.platform): MenuItemConstructorOptions[] {
  return [
    { label: 'Show Glimpse', click: () => actions.show() },
    { type: 'separator' },
    // macOS apps keep running when their window closes: the choice exists on Windows and Linux.
    ...(platform === 'darwin'
      ? []
      : [
          {
            label: 'Keep Running When the Window Is Closed',
            type: 'checkbox' as const,
            checked: settings.runInBackground,
            click: (item: { checked: boolean }) => actions.setSetting('runInBackground', item.checked),
          },
        ]),
    {
      label: 'Open at Login',
      type: 'checkbox',
      checked: settings.openAtLogin,
      click: (item: { checked: boolean }) => actions.setSetting('openAtLogin', item.checked),
    },
    { type: 'separator' },
    { label: 'Quit Glimpse', click: () => actions.quit() },
  ];
}

export interface AppTray {
  /** Rebuilds the menu after a setting changed. */
  update(settings: AppSettings): void;
  destroy(): void;
}

/** Creates the tray icon; null where the desktop has no tray (then closing the window quits). */
export function createTray(settings: AppSettings, actions: TrayActions): AppTray | null {
  let tray: Tray;
  try {
    const icon = nativeImage.createFromDataURL(`data:image/png;base64,${ICON_PNG_BASE64}`).resize({ width: process.platform === 'darwin' ? 18 : 22 });
    tray = new Tray(icon);
  } catch {
    return null;
  }
  tray.setToolTip('Glimpse');
  const build = (s: AppSettings) => tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(s, actions)));
  build(settings);
  // Windows and most Linux trays: a click on the icon brings the window back.
  if (process.platform !== 'darwin') tray.on('click', () => actions.show());
  return { update: build, destroy: () => tray.destroy() };
}
