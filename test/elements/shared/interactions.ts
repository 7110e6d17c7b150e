import type { LitElement } from 'lit';

const FIELDS = '[label], select';

/** Returns the label of a vaadin field, or the text of a native control's label without the control's own text. */
function labelOf(candidate: HTMLElement): string | null {
  const attribute = candidate.getAttribute('label');
  if (attribute !== null) return attribute;

  const label = (candidate as HTMLSelectElement).labels?.[0];
  if (!label) return null;
  const text = label.textContent ?? '';
  return text.replace(candidate.textContent ?? '', '').replace(/\s+/g, ' ').trim();
}

/** Returns the field of `root` (a vaadin field or a native menu) whose label is `label`. */
export function field<T extends HTMLElement = HTMLElement & { value: string }>(root: ParentNode, label: string): T {
  const candidates = [...root.querySelectorAll<HTMLElement>(FIELDS)];
  const match = candidates.find((candidate) => labelOf(candidate) === label);
  if (!match) {
    const labels = candidates.map(labelOf).join(', ');
    throw new Error(`No field labelled "${label}"; found: ${labels}`);
  }
  return match as T;
}

/** Returns every field of `root` (vaadin fields and native menus) whose label is `label`. */
export function fields<T extends HTMLElement = HTMLElement & { value: string }>(root: ParentNode, label: string): T[] {
  return [...root.querySelectorAll<T>(FIELDS)].filter((candidate) => labelOf(candidate) === label);
}

/** Returns the button of `root` whose text or `aria-label` is `name`. */
export function button(root: ParentNode, name: string): HTMLElement {
  const buttons = [...root.querySelectorAll<HTMLElement>('vaadin-button, button, a')];
  const match = buttons.find(
    (candidate) => candidate.getAttribute('aria-label') === name || candidate.textContent?.trim() === name,
  );
  if (!match) {
    const names = buttons.map((candidate) => candidate.getAttribute('aria-label') ?? candidate.textContent?.trim());
    throw new Error(`No button named "${name}"; found: ${names.join(', ')}`);
  }
  return match;
}

/** Types a value into a field as the user would leave it, and waits for the element to render. */
export async function fill(element: LitElement, target: HTMLElement & { value: string }, value: string): Promise<void> {
  target.value = value;

  // Setting a native menu's value fires no event, so send the change event a user's choice fires.
  if (target instanceof HTMLSelectElement) {
    if (target.value !== value) throw new Error(`The menu has no option "${value}".`);
    target.dispatchEvent(new Event('change', { bubbles: true }));
  }
  await element.updateComplete;
}

/** Clicks a button and waits for the element to render. */
export async function click(element: LitElement, target: HTMLElement): Promise<void> {
  target.click();
  await element.updateComplete;
}

/** Returns the text of `node` with runs of white space collapsed. */
export function text(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
