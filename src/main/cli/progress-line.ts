// A one-line progress bar on stderr (only when stderr is a TTY, or forced), for long CLI work.
export class ProgressLine {
  private readonly enabled: boolean;
  private last = 0;
  private drawn = false;

  constructor(enabled: boolean) {
    this.enabled = enabled && (process.stderr.isTTY === true || process.env.GLIMPSE_PROGRESS === '1');
  }

  update(label: string, done: number, total: number | null, unit = '', extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && (total === null || done < total)) return;
    this.last = now;
    const fmt = (n: number) => (unit === 'bytes' ? `${(n / 1e6).toFixed(1)} MB` : String(n));
    const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
    const width = 24;
    const filled = pct === null ? 0 : Math.round((pct / 100) * width);
    const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% `;
    const line = `${bar}${fmt(done)}${total !== null ? `/${fmt(total)}` : ''} ${label} ${extra}`;
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 120) - 1).padEnd(Math.min(process.stderr.columns || 120, 120) - 1)}`);
    this.drawn = true;
  }

  done(): void {
    if (this.enabled && this.drawn) process.stderr.write('\n');
    this.drawn = false;
  }
}
