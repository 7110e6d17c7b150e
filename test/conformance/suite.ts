/**
 * The provider conformance suite: tests written against `UserDataProvider`
 * alone, which every provider must pass. Call {@link runProviderConformance}
 * from a mocha test file with a factory for the provider under test; see
 * README.md beside this file.
 */
import { describeActivity } from './activity.js';
import { describeGroupsAndForms } from './groups.js';
import type { ConformanceOptions, ConformanceSection, ProviderFactory } from './helpers.js';
import { describeImports } from './imports.js';
import { describeLifecycle } from './lifecycle.js';
import { describeQueries } from './queries.js';
import { describeUsers } from './users.js';

export type { ConformanceOptions, ConformanceSection, ProviderFactory, ProviderFixture } from './helpers.js';

/**
 * Declares the conformance tests for one provider under `describe(label)`.
 * `factory` must return a provider over a fresh, empty store each time it is
 * called, and a `cleanup` that closes it and deletes the store. Every test
 * gets its own provider, except the read-only query tests, which share one
 * store seeded with `options.userCount` generated users.
 */
export function runProviderConformance(label: string, factory: ProviderFactory, options: ConformanceOptions = {}): void {
  const sections: Record<ConformanceSection, () => void> = {
    users: () => describeUsers(factory),
    queries: () => describeQueries(factory, options),
    groups: () => describeGroupsAndForms(factory),
    activity: () => describeActivity(factory),
    imports: () => describeImports(factory),
    lifecycle: () => describeLifecycle(factory),
  };
  const selected = new Set(options.sections ?? Object.keys(sections));

  describe(label, () => {
    for (const [section, declare] of Object.entries(sections)) {
      if (selected.has(section)) declare();
    }
  });
}
