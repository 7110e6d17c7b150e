import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets CSS custom properties on an element through `element.style`. Lit's
 * `styleMap` writes the `style` attribute on its first render, which a page
 * with `style-src 'self'` blocks and reports; the CSSOM is always allowed.
 */
class StylePropertiesDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) {
      throw new Error('styleProperties() is an element directive: write <span ${styleProperties({ ... })}>.');
    }
  }

  render(_properties: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return noChange;
  }
}

/** Sets custom properties (`{ '--name': value }`) on the element it is bound to. */
export const styleProperties = directive(StylePropertiesDirective);
