/**
 * Promise.all for file steps run side by side: unlike Promise.all, it waits for every step to
 * end before it reports a failure, so that whoever undoes a failed step knows nothing else is
 * still writing.
 */
export async function settleAll<T extends readonly unknown[]>(steps: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(steps);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
