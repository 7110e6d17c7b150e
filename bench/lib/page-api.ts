/** Calls the bench page's measurements (bench/page/main.ts) from Node. */
import type { Page } from 'playwright-core';
import type { BenchApi } from '../page/main.js';

/** A measurement could not run because a part of the kit is missing; the message is the reason. */
export class Unavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unavailable';
  }
}

type Result<K extends keyof BenchApi> = Exclude<Awaited<ReturnType<BenchApi[K]>>, { unavailable: string }>;

export async function callPage<K extends keyof BenchApi>(page: Page, name: K, args: Parameters<BenchApi[K]>[0]): Promise<Result<K>> {
  const result = (await page.evaluate(
    ([measurement, measurementArgs]) => {
      const api = (window as unknown as { bench: Record<string, (args: unknown) => Promise<unknown>> }).bench;
      return api[measurement]!(measurementArgs);
    },
    [name, args] as const,
  )) as Result<K> | { unavailable: string };
  if (result && typeof result === 'object' && 'unavailable' in result) throw new Unavailable(result.unavailable);
  return result as Result<K>;
}
