import 'axe-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { expect } from '@open-wc/testing';

// axe-core ships a UMD bundle that, loaded as a module, sets `window.axe`.
declare global {
  interface Window {
    axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

/** Runs axe-core on an element, shadow roots included, and fails with every violation listed. */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const results = await window.axe.run(element, { resultTypes: ['violations'] });
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`,
  );
  expect(violations).to.deep.equal([]);
}
