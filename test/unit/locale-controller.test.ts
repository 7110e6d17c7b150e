import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { setLocale } from '../../src/i18n/catalog.js';
import { LocaleController } from '../../src/i18n/locale-controller.js';

class LocaleProbe extends LitElement {
  readonly locale = new LocaleController(this);

  protected override render() {
    return html`<span>${this.locale.dir}</span>`;
  }
}
customElements.define('locale-probe', LocaleProbe);

async function settle(element: LocaleProbe): Promise<void> {
  // An attribute change reaches the controller through a MutationObserver,
  // whose callback runs as a microtask before the next update.
  await Promise.resolve();
  await element.updateComplete;
}

describe('LocaleController', () => {
  afterEach(() => {
    setLocale('en');
    document.documentElement.removeAttribute('dir');
  });

  describe('direction', () => {
    it('sets dir on the host for an RTL locale', async () => {
      const probe = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);

      setLocale('ar');
      await settle(probe);

      expect(probe.getAttribute('dir')).to.equal('rtl');
      expect(probe.locale.dir).to.equal('rtl');
      expect(getComputedStyle(probe).direction).to.equal('rtl');
    });

    it('removes its dir after a switch back', async () => {
      const probe = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
      setLocale('ar');
      await settle(probe);

      setLocale('fr');
      await settle(probe);

      expect(probe.hasAttribute('dir')).to.equal(false);
      expect(probe.locale.dir).to.equal('ltr');
    });

    it('follows an ancestor dir without setting its own', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div dir="ltr"><locale-probe></locale-probe></div>`);
      const probe = wrapper.querySelector<LocaleProbe>('locale-probe')!;

      setLocale('ar');
      await settle(probe);

      expect(probe.hasAttribute('dir')).to.equal(false);
      expect(probe.locale.dir).to.equal('ltr');
    });

    it('keeps a dir the page sets on the host', async () => {
      const probe = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);
      setLocale('ar');
      await settle(probe);

      probe.setAttribute('dir', 'ltr');
      await settle(probe);
      setLocale('ar-EG');
      await settle(probe);

      expect(probe.getAttribute('dir')).to.equal('ltr');
      expect(probe.locale.dir).to.equal('ltr');
    });

    it('follows a dir set on the document later', async () => {
      const probe = await fixture<LocaleProbe>(html`<locale-probe></locale-probe>`);

      document.documentElement.setAttribute('dir', 'rtl');
      await settle(probe);

      expect(probe.locale.dir).to.equal('rtl');
      expect(probe.hasAttribute('dir')).to.equal(false);
      expect(probe.shadowRoot!.textContent).to.equal('rtl');
    });
  });

  describe('language', () => {
    it('sets lang when the page speaks another language', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div lang="en-GB"><locale-probe></locale-probe></div>`);
      const probe = wrapper.querySelector<LocaleProbe>('locale-probe')!;

      setLocale('fr');
      await settle(probe);

      expect(probe.getAttribute('lang')).to.equal('fr');
    });

    it('sets no lang when the page speaks the locale', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div lang="fr-CA"><locale-probe></locale-probe></div>`);
      const probe = wrapper.querySelector<LocaleProbe>('locale-probe')!;

      setLocale('fr');
      await settle(probe);

      expect(probe.hasAttribute('lang')).to.equal(false);
    });

    it('keeps a lang the page sets on the host', async () => {
      const probe = await fixture<LocaleProbe>(html`<locale-probe lang="de"></locale-probe>`);

      setLocale('ar');
      await settle(probe);

      expect(probe.getAttribute('lang')).to.equal('de');
    });
  });
});
