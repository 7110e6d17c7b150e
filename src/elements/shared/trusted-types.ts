// Vaadin 25 clears a node by assigning an empty string to `innerHTML`:
// vaadin-grid for every row it sets up and every cell whose renderer
// changes, the overlays of combo boxes and dialogs, and notification cards.
// On a page with `require-trusted-types-for 'script'` the browser rejects
// that string, even empty, unless a `default` policy converts it. This one
// converts the empty string only, so markup still reaches no HTML sink.
// TODO: drop this once Vaadin clears nodes without an HTML sink.

interface HTMLPolicyFactory {
  defaultPolicy: unknown;
  createPolicy(name: 'default', rules: { createHTML(input: string): string | null }): unknown;
}

let settled = false;

/**
 * Creates the page's `default` Trusted Types policy, accepting only the
 * empty string, unless the page has one already. Called when an element
 * connects, so a host that creates its own default policy at start-up keeps it.
 */
export function allowEmptyHTML(): void {
  if (settled) return;
  settled = true;

  const factory = (globalThis as { trustedTypes?: HTMLPolicyFactory }).trustedTypes;
  if (!factory || factory.defaultPolicy) return;
  try {
    factory.createPolicy('default', { createHTML: (input) => (input === '' ? '' : null) });
  } catch (error) {
    console.warn(
      'all-users-elements could not create the Trusted Types policy "default", which lets Vaadin components ' +
        'clear nodes with an empty string. Add "default" to the trusted-types directive, or create a default ' +
        'policy that accepts the empty string before the elements connect.',
      error,
    );
  }
}
