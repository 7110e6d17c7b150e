import { waitUntil as waitUntilWithin } from '@open-wc/testing';

/**
 * Waits until `predicate` returns a truthy value. The 20 s default replaces
 * open-wc's 1 s, which a loaded CI machine exceeds while IndexedDB and the
 * import worker are still working; a test waits only as long as it must.
 */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return waitUntilWithin(predicate, message, { interval: 20, timeout: 20000, ...options });
}
