// Finds English left in an element after a switch to a locale written in
// another script, such as Arabic. A run of Latin letters that does not come
// from the data the test stored is a string that bypassed the catalog.

/** Attributes that screen readers announce or that show as text. */
const TEXT_ATTRIBUTES = [
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
  'accessible-name',
  'helper-text',
  'error-message',
  'header-title',
  'confirm-text',
  'cancel-text',
  'reject-text',
];

const SKIPPED_ELEMENTS = new Set(['style', 'script', 'template']);

/** Names of file formats, which Arabic and French texts write in Latin letters too. */
const FORMAT_NAMES = ['CSV', 'TSV', 'Excel', '.xlsx', '.txt'];

/**
 * Calls `visit` for every node under `root`, through open shadow roots.
 * Subtrees with the `hidden` attribute are skipped, such as
 * vaadin-confirm-dialog's unused Reject button. Tests show each hidden
 * panel they care about before they check it.
 */
function walk(root: Node, visit: (node: Node) => void): void {
  for (const child of root.childNodes) {
    if (child instanceof Element && (SKIPPED_ELEMENTS.has(child.localName) || child.hasAttribute('hidden'))) continue;
    visit(child);
    if (child instanceof Element && child.shadowRoot) walk(child.shadowRoot, visit);
    walk(child, visit);
  }
}

/**
 * Lists the texts and announced attributes under `element`, shadow roots
 * included, that still contain two Latin letters in a row once every string
 * of `data` and every file format name is taken out. Each entry names where
 * it was found.
 */
export function untranslatedStrings(element: Element, data: readonly string[]): string[] {
  // Longest first, so that a name is removed before a shorter string inside it.
  const known = [...new Set([...data, ...FORMAT_NAMES].filter((value) => value !== ''))].sort((a, b) => b.length - a.length);
  const found = new Set<string>();

  const check = (value: string | null, where: string) => {
    if (!value) return;
    let rest = value;
    for (const datum of known) rest = rest.split(datum).join(' ');
    if (/[A-Za-z]{2,}/.test(rest)) found.add(`${where}: ${value.replace(/\s+/g, ' ').trim()}`);
  };

  if (element.shadowRoot) walk(element.shadowRoot, visitNode);
  walk(element, visitNode);
  return [...found];

  function visitNode(node: Node): void {
    if (node.nodeType === Node.TEXT_NODE) {
      check(node.textContent, `text in <${node.parentElement?.localName ?? 'shadow root'}>`);
      return;
    }
    if (!(node instanceof Element)) return;
    for (const name of TEXT_ATTRIBUTES) check(node.getAttribute(name), `${name} of <${node.localName}>`);
  }
}
