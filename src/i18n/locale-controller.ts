import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getLocale, localeDirection, onLocaleChange } from './catalog.js';

/** A writing direction, as the `dir` attribute takes it. */
export type TextDirection = 'ltr' | 'rtl';

type LocaleHost = ReactiveControllerHost & HTMLElement;

// One observer of `<html dir lang>` for every element: the demo and many
// hosts switch the page's direction together with the locale.
const pageListeners = new Set<() => void>();
let pageObserver: MutationObserver | undefined;

function watchPage(listener: () => void): () => void {
  pageListeners.add(listener);
  if (!pageObserver && typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
    pageObserver = new MutationObserver(() => {
      for (const notify of pageListeners) notify();
    });
    pageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['dir', 'lang'] });
  }
  return () => pageListeners.delete(listener);
}

/**
 * Re-renders its host after {@link setLocale} so that messages, dates and
 * numbers follow the new locale without a reload, and keeps the host's
 * `dir` and `lang` true to the text it shows.
 *
 * Before each render it works out the writing direction: the host's own
 * `dir`, else the nearest ancestor's (across shadow roots), else the
 * locale's. When the page sets no direction and the locale is right to
 * left, it sets `dir="rtl"` on the host and removes it again after a switch
 * back. Likewise it sets `lang` on the host when the nearest `lang` above
 * names another language than the locale, so that screen readers pick the
 * right voice. Attributes a host page set itself are never changed.
 *
 * The host and `<html>` are watched, so a `dir` or `lang` changed there
 * applies at once; ancestors in between are read at each render, so a
 * change on one of them applies at the host's next render.
 */
export class LocaleController implements ReactiveController {
  /**
   * The direction in effect. Pass it as `dir` to Vaadin components, whose
   * right-to-left styles and overlay positions read their own attribute only.
   */
  dir: TextDirection = 'ltr';

  private unsubscribe: (() => void)[] = [];
  // The attribute values this controller wrote; any other value was set by the page.
  private ownDir = false;
  private ownLang: string | undefined;
  // A page that sets dir or lang on the element itself takes over at once.
  // The controller writes these attributes only when they change, so its
  // own writes start at most one more update.
  private readonly hostObserver =
    typeof MutationObserver === 'undefined' ? undefined : new MutationObserver(() => this.host.requestUpdate());

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const update = () => this.host.requestUpdate();
    this.unsubscribe = [onLocaleChange(update), watchPage(update)];
    this.hostObserver?.observe(this.host, { attributes: true, attributeFilter: ['dir', 'lang'] });
  }

  hostDisconnected(): void {
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.hostObserver?.disconnect();
  }

  hostUpdate(): void {
    this.applyDirection();
    this.applyLanguage();
  }

  /** The direction of the current locale, whatever the page sets. */
  get direction(): TextDirection {
    return localeDirection();
  }

  private applyDirection(): void {
    const host = this.host;
    if (this.ownDir && host.getAttribute('dir') !== 'rtl') this.ownDir = false;
    const own = this.ownDir ? null : host.getAttribute('dir');
    if (own !== null) {
      this.dir = own === 'ltr' || own === 'rtl' ? own : (getComputedStyle(host).direction as TextDirection);
      return;
    }

    const inherited = closestAttribute(host, 'dir', (value) => value === 'ltr' || value === 'rtl');
    if (inherited) {
      this.releaseAttribute('dir');
      this.dir = inherited as TextDirection;
      return;
    }

    this.dir = localeDirection();
    if (this.dir === 'rtl') {
      if (host.getAttribute('dir') !== 'rtl') host.setAttribute('dir', 'rtl');
      this.ownDir = true;
    } else {
      this.releaseAttribute('dir');
    }
  }

  private applyLanguage(): void {
    const host = this.host;
    if (this.ownLang !== undefined && host.getAttribute('lang') !== this.ownLang) this.ownLang = undefined;
    if (this.ownLang === undefined && host.hasAttribute('lang')) return;

    const locale = getLocale();
    const inherited = closestAttribute(host, 'lang', (value) => value !== '');
    if (inherited && baseLanguage(inherited) === baseLanguage(locale)) {
      this.releaseAttribute('lang');
      return;
    }
    if (host.getAttribute('lang') !== locale) host.setAttribute('lang', locale);
    this.ownLang = locale;
  }

  private releaseAttribute(name: 'dir' | 'lang'): void {
    const owned = name === 'dir' ? this.ownDir : this.ownLang !== undefined;
    if (owned) this.host.removeAttribute(name);
    if (name === 'dir') this.ownDir = false;
    else this.ownLang = undefined;
  }
}

/** Returns the attribute of the nearest ancestor that sets an accepted value, across shadow roots. */
function closestAttribute(element: Element, name: string, accept: (value: string) => boolean): string | undefined {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof Element) {
      const value = node.getAttribute(name);
      if (value !== null && accept(value.toLowerCase())) return value.toLowerCase();
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}

function baseLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? tag;
}
