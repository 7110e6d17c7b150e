// Stands in for `@vaadin/component-base/src/css-utils.js` (Vaadin 25) on pages
// with `style-src 'self'`. Vaadin adds its base custom properties to the page
// as a <style> element, which that policy blocks and reports. A constructable
// stylesheet adopted by the document carries the same rules and is allowed.
// `vaadinStrictStyles()` (src/strict/vite-plugin.ts) swaps this file in; it can
// go once Vaadin adds its global styles without a <style> element.
import type { CSSResultGroup } from 'lit';

/**
 * Registers a CSS custom property, as Vaadin's own helper does: a second
 * registration of the same name (a module evaluated twice) only warns.
 */
export function registerCSSProperty(definition: PropertyDefinition): void {
  try {
    CSS.registerProperty(definition);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'InvalidModificationError') {
      console.warn(`The CSS property ${definition.name} has already been registered.`);
    } else {
      throw error;
    }
  }
}

/**
 * Adds `styles` to the document as an adopted stylesheet. `id` named
 * Vaadin's <style> element and is kept only for the same signature.
 */
export function addGlobalStyles(_id: string, ...styles: CSSResultGroup[]): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(styles.map((style) => String(style)).join('\n'));

  // Vaadin put its element first in <head>, below the page's own styles.
  // Adopted sheets follow every <link> and <style>, so the first place among
  // them is as low as a constructable sheet can go.
  document.adoptedStyleSheets = [sheet, ...document.adoptedStyleSheets];
}
