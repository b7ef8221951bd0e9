// Measures keystroke -> first results painted in the real UI: the time from the last keydown of a
// query to the frame after the results for that query entered the DOM, taken inside the page with
// performance.now() (so it includes the UI's debounce, the HTTP round trip, the engine, React and
// layout), plus the /api/search round trip from Resource Timing.
import type { Page } from 'playwright-core';

export interface LatencySample {
  query: string;
  totalMs: number;
  apiMs: number | null;
  /** Result tiles and rows in the DOM in that frame (the grids are virtualised). */
  painted: number;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  apiP50Ms: number | null;
  paintedMedian: number;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i] ?? NaN;
}

export function summarize(samples: LatencySample[]): LatencySummary {
  const totals = samples.map((s) => s.totalMs);
  const api = samples.map((s) => s.apiMs).filter((x): x is number => x !== null);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    samples: samples.length,
    p50Ms: r(pct(totals, 50)),
    p90Ms: r(pct(totals, 90)),
    minMs: r(Math.min(...totals)),
    maxMs: r(Math.max(...totals)),
    apiP50Ms: api.length ? r(pct(api, 50)) : null,
    paintedMedian: pct(samples.map((s) => s.painted), 50),
  };
}

// In-page code is passed as source text: tsx (esbuild keepNames) would wrap named closures in a
// __name() helper that does not exist inside the page.
const INSTALL_KEY_CLOCK = `(() => {
  window.__lastKey = 0;
  document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, { capture: true });
})()`;

const PROBE = `(k) => new Promise((resolve) => {
  performance.clearResourceTimings();
  const match = () => Array.from(document.querySelectorAll('[data-results-for]')).some((el) => el.getAttribute('data-results-for') === k);
  const finish = () => requestAnimationFrame(() => setTimeout(() => {
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/search'));
    const last = entries[entries.length - 1];
    const painted = document.querySelectorAll('[data-results-for] [role=gridcell], [data-results-for] [role=option]').length;
    resolve({ at: performance.now(), api: last ? last.duration : null, painted });
  }, 0));
  if (match()) return finish();
  const mo = new MutationObserver(() => { if (match()) { mo.disconnect(); finish(); } });
  mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-results-for'] });
})`;

/** Types each query into the search field (after clearing it) and measures it. */
export async function measureQueries(page: Page, queries: string[], typingDelayMs = 35): Promise<LatencySample[]> {
  const input = page.getByRole('combobox', { name: 'Search photos and documents' });
  await page.evaluate(INSTALL_KEY_CLOCK);
  const samples: LatencySample[] = [];
  for (const query of queries) {
    await input.fill('');
    await page.locator('[data-results-for]').first().waitFor({ state: 'detached' }).catch(() => {});
    await input.focus();
    const probe = page.evaluate(`(${PROBE})(${JSON.stringify(`text:${query}`)})`) as Promise<{ at: number; api: number | null; painted: number }>;
    await page.keyboard.type(query, { delay: typingDelayMs });
    const { at, api, painted } = await probe;
    const lastKey = (await page.evaluate('window.__lastKey')) as number;
    samples.push({ query, totalMs: at - lastKey, apiMs: api, painted });
  }
  return samples;
}
