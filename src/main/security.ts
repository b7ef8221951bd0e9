// Navigation policy for the app's web contents: the window may only show our own page; links to
// the web open in the user's browser; everything else (file:, javascript:, other schemes) is dropped.
import { APP_ORIGIN } from './protocol';

/** Whether the main frame may navigate to url (reloads of our own page only). */
export function navigationAllowed(url: string, devServerUrl?: string): boolean {
  try {
    const u = new URL(url);
    if (u.origin === APP_ORIGIN || (u.protocol === 'glimpse:' && u.host === 'app')) return true;
    return Boolean(devServerUrl && u.origin === new URL(devServerUrl).origin);
  } catch {
    return false;
  }
}

/** Links the OS browser may open: http(s) only, never credentials in the URL. */
export function externalUrlAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
