// Navigation policy: the window stays on our page; only http(s) links leave, to the OS browser.
import { describe, expect, it } from 'vitest';
import { externalUrlAllowed, navigationAllowed } from '../../../src/main/security';

describe('navigation policy', () => {
  it('allows only our own page', () => {
    expect(navigationAllowed('glimpse://app/index.html')).toBe(true);
    expect(navigationAllowed('glimpse://thumbnail/1')).toBe(false);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd')).toBe(false);
    expect(navigationAllowed('javascript:alert(1)')).toBe(false);
    expect(navigationAllowed('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(navigationAllowed('http://localhost:5173/')).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(externalUrlAllowed('https://www.openstreetmap.org/?mlat=1&mlon=2')).toBe(true);
    expect(externalUrlAllowed('http://example.com')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'glimpse://original/1', 'https://user:pw@example.com', 'nonsense']) {
      expect(externalUrlAllowed(bad), bad).toBe(false);
    }
  });
});
