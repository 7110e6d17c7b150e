import type { LitElement } from 'lit';

/** Returns the vaadin field of `root` whose label is `label`. */
export function field<T extends HTMLElement = HTMLElement & { value: string }>(root: ParentNode, label: string): T {
  const fields = [...root.querySelectorAll<HTMLElement>('[label]')];
  const match = fields.find((candidate) => candidate.getAttribute('label') === label);
  if (!match) {
    const labels = fields.map((candidate) => candidate.getAttribute('label')).join(', ');
    throw new Error(`No field labelled "${label}"; found: ${labels}`);
  }
  return match as T;
}

/** Returns every vaadin field of `root` whose label is `label`. */
export function fields<T extends HTMLElement = HTMLElement & { value: string }>(root: ParentNode, label: string): T[] {
  return [...root.querySelectorAll<T>('[label]')].filter((candidate) => candidate.getAttribute('label') === label);
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
