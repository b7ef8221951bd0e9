// Runs an async step over every item with at most `limit` steps in flight, items taken in order.

/** Calls `step(item, index)` for every item, `limit` at a time; resolves when all are done. */
export async function eachLimited<T>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await step(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
