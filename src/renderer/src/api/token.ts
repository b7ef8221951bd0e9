// Browser mode: the server's token arrives once in the address bar (?token=...). It is kept in
// sessionStorage (this tab only, gone when it closes) and removed from the visible URL and history so
// it does not end up in bookmarks, screenshots or shared links.
const KEY = 'glimpse.token';

export function bootstrapToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(KEY, fromUrl);
    } catch {}
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
