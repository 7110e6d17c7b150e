// Stands in for Lit's `lit/directives/style-map.js` in Vaadin's modules, where
// vaadin-grid sizes its header and footer cells with it. Lit's styleMap writes
// the `style` attribute on its first render (lit/lit#4719, open for lit-html
// 3.3). `style-src 'self'` blocks and reports that write, and the columns
// lose their widths. This version sets every property through the CSSOM from
// the start; it can go once Lit's own does the same.
// `vaadinStrictStyles()` (src/strict/vite-plugin.ts) swaps it in for @vaadin
// importers only.
import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/** CSS properties by name, dash-case or camelCase, as Lit's `StyleInfo`. */
export type StyleInfo = Readonly<Record<string, string | number | undefined | null>>;

const IMPORTANT = ' !important';

class StyleMapDirective extends Directive {
  private readonly applied = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style' || (part.strings?.length ?? 0) > 2) {
      throw new Error('styleMap() must be the only expression in a `style` attribute.');
    }
  }

  render(styles: StyleInfo): string {
    return Object.entries(styles)
      .filter(([, value]) => value != null)
      .map(([name, value]) => `${cssName(name)}:${value};`)
      .join('');
  }

  override update(part: AttributePart, [styles]: [StyleInfo]): typeof noChange {
    const style = (part.element as HTMLElement).style;

    for (const name of this.applied) {
      if (styles[name] != null) continue;
      this.applied.delete(name);
      style.removeProperty(cssName(name));
    }

    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      this.applied.add(name);
      const text = String(value);
      const important = text.endsWith(IMPORTANT);
      style.setProperty(cssName(name), important ? text.slice(0, -IMPORTANT.length) : text, important ? 'important' : '');
    }
    return noChange;
  }
}

// `backgroundColor` to `background-color`, `webkitAppearance` to
// `-webkit-appearance`; names with a dash, custom properties among them, stay.
function cssName(name: string): string {
  if (name.includes('-')) return name;
  return name.replace(/(?:^(webkit|moz|ms|o)|)(?=[A-Z])/g, '-$&').toLowerCase();
}

/** Sets the CSS properties of `styles` on the element whose `style` attribute it is bound to. */
export const styleMap = directive(StyleMapDirective);
