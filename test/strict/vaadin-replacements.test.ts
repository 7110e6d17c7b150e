import { expect, fixture, html } from '@open-wc/testing';
import { css, render } from 'lit';
import { addGlobalStyles } from '../../src/strict/vaadin-global-styles.js';
import { SlotStylesMixin } from '../../src/strict/vaadin-slot-styles.js';
import { styleMap } from '../../src/strict/vaadin-style-map.js';

class SlottedField extends SlotStylesMixin(HTMLElement) {
  override get slotStyles(): string[] {
    return [`${this.localName} > input { outline-offset: 7px; }`];
  }
}
customElements.define('strict-slotted-field', SlottedField);

class SlottedFieldTwice extends SlotStylesMixin(SlotStylesMixin(HTMLElement)) {}
customElements.define('strict-slotted-field-twice', SlottedFieldTwice);

function hostWithShadow(): ShadowRoot {
  const host = document.createElement('div');
  document.body.append(host);
  return host.attachShadow({ mode: 'open' });
}

describe('strict page replacements for Vaadin', () => {
  describe('addGlobalStyles', () => {
    let before: CSSStyleSheet[];

    beforeEach(() => {
      before = [...document.adoptedStyleSheets];
    });

    afterEach(() => {
      document.adoptedStyleSheets = before;
    });

    it('adopts the rules first in the document', () => {
      addGlobalStyles('test-base', css`html { --strict-test-padding: 3px; }`);

      expect(document.adoptedStyleSheets.length).to.equal(before.length + 1);
      expect(getComputedStyle(document.documentElement).getPropertyValue('--strict-test-padding').trim()).to.equal('3px');
      expect(document.adoptedStyleSheets[0]!.cssRules[0]!.cssText).to.contain('--strict-test-padding');
    });

    it('adds no style element', () => {
      const count = document.querySelectorAll('style').length;

      addGlobalStyles('test-base', css`html { --strict-test-gap: 1px; }`);

      expect(document.querySelectorAll('style').length).to.equal(count);
    });
  });

  describe('SlotStylesMixin', () => {
    it('adopts the slot styles in the containing shadow root', () => {
      const root = hostWithShadow();
      const field = document.createElement('strict-slotted-field');
      const input = document.createElement('input');
      field.append(input);

      root.append(field);

      expect(root.querySelector('style')).to.equal(null);
      expect(root.adoptedStyleSheets.length).to.equal(1);
      expect(getComputedStyle(input).outlineOffset).to.equal('7px');
    });

    it('adopts the same rules once per root', () => {
      const root = hostWithShadow();

      root.append(document.createElement('strict-slotted-field'), document.createElement('strict-slotted-field'));

      expect(root.adoptedStyleSheets.length).to.equal(1);
    });

    it('shares one sheet between roots', () => {
      const first = hostWithShadow();
      const second = hostWithShadow();

      first.append(document.createElement('strict-slotted-field'));
      second.append(document.createElement('strict-slotted-field'));

      expect(first.adoptedStyleSheets[0]).to.equal(second.adoptedStyleSheets[0]);
    });

    it('keeps the root its own sheets after the slot styles', () => {
      const root = hostWithShadow();
      const own = new CSSStyleSheet();
      root.adoptedStyleSheets = [own];

      root.append(document.createElement('strict-slotted-field'));

      expect(root.adoptedStyleSheets.length).to.equal(2);
      expect(root.adoptedStyleSheets[1]).to.equal(own);
    });

    it('applies once when mixed in twice', () => {
      const mixin = Object.getPrototypeOf(SlottedFieldTwice) as object;

      expect(Object.getPrototypeOf(mixin)).to.equal(HTMLElement);
    });
  });

  describe('styleMap', () => {
    it('sets dash-case, camelCase and important properties', async () => {
      const element = await fixture<HTMLDivElement>(
        html`<div style=${styleMap({ width: '10rem', 'flex-grow': 1, backgroundColor: 'red', color: 'blue !important' })}></div>`,
      );

      expect(element.style.width).to.equal('10rem');
      expect(element.style.flexGrow).to.equal('1');
      expect(element.style.backgroundColor).to.equal('red');
      expect(element.style.getPropertyPriority('color')).to.equal('important');
    });

    it('removes a property left out of the next render', () => {
      const container = document.createElement('div');
      const draw = (styles: Record<string, string | undefined>) =>
        render(html`<span style=${styleMap(styles)}></span>`, container);

      draw({ width: '4rem', '--strict-hue': '120' });
      draw({ width: undefined, '--strict-hue': '200' });

      const span = container.querySelector('span')!;
      expect(span.style.width).to.equal('');
      expect(span.style.getPropertyValue('--strict-hue')).to.equal('200');
    });

    it('never writes the style attribute', async () => {
      const writes: string[] = [];
      const setAttribute = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
        writes.push(name);
        setAttribute.call(this, name, value);
      };

      try {
        await fixture(html`<div style=${styleMap({ width: '10rem' })}></div>`);
      } finally {
        Element.prototype.setAttribute = setAttribute;
      }

      expect(writes).to.not.include('style');
    });
  });
});
