// Stands in for `@vaadin/component-base/src/slot-styles-mixin.js` (Vaadin 25)
// on pages with `style-src 'self'`. Vaadin fields style their slotted native
// <input> from outside their shadow root by putting a <style> element into
// the root that contains them, which that policy blocks and reports. Here the
// same rules go into that root as constructable stylesheets, which it allows.
// `vaadinStrictStyles()` (src/strict/vite-plugin.ts) swaps this file in; it can
// go once Vaadin adds slot styles without a <style> element.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires `any[]` in a mixin's constructor type.
type ElementClass = abstract new (...args: any[]) => HTMLElement & { connectedCallback?(): void };

/** An element that adds rules to the root that contains it. */
export interface SlotStylesHost {
  readonly slotStyles: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
type SlotStylesClass = abstract new (...args: any[]) => SlotStylesHost;

const APPLIED = Symbol('slot styles mixin');

// One sheet per rule text, shared by every root of the document that needs it.
const sheets = new Map<string, CSSStyleSheet>();
const adopted = new WeakMap<Document | ShadowRoot, Set<string>>();

/**
 * Adds the rules a subclass returns from `slotStyles` to the document or
 * shadow root that contains the element, once per root. Applying the mixin
 * twice in one class chain is a no-op, as Vaadin's `dedupeMixin` makes it.
 */
export function SlotStylesMixin<T extends ElementClass>(base: T): T & SlotStylesClass {
  if (APPLIED in base) return base as unknown as T & SlotStylesClass;

  abstract class SlotStylesMixinClass extends base {
    static readonly [APPLIED] = true;

    /** The rules to add to the root that contains this element. */
    get slotStyles(): string[] {
      return [];
    }

    override connectedCallback(): void {
      super.connectedCallback?.();
      adoptSlotStyles(this, this.slotStyles);
    }
  }
  return SlotStylesMixinClass;
}

function adoptSlotStyles(element: HTMLElement, styles: string[]): void {
  const root = element.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return;

  let done = adopted.get(root);
  if (!done) {
    done = new Set();
    adopted.set(root, done);
  }
  const added = styles.filter((style) => !done.has(style)).map(sheetFor);
  if (added.length === 0) return;
  styles.forEach((style) => done.add(style));

  // Vaadin appended its element to <head> but put it first in a shadow root,
  // under the root's own styles; the adopted sheets keep that order.
  root.adoptedStyleSheets =
    root instanceof Document ? [...root.adoptedStyleSheets, ...added] : [...added, ...root.adoptedStyleSheets];
}

function sheetFor(style: string): CSSStyleSheet {
  let sheet = sheets.get(style);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(style);
    sheets.set(style, sheet);
  }
  return sheet;
}
