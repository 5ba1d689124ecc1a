/**
 * `fn` over `items` with at most `limit` calls in flight, the answers in the items' order: for work
 * sized by a request (files to open, documents to fetch) that must not start all at once. After a
 * failure no further call starts, and the first failure is what rejects.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const answers = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        answers[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return answers;
}
