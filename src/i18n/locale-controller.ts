import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { localeDirection, onLocaleChange } from './catalog.js';

/**
 * Re-renders its host after {@link setLocale} so that messages, dates and
 * numbers follow the new locale without a reload.
 */
export class LocaleController implements ReactiveController {
  private unsubscribe?: () => void;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onLocaleChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The writing direction elements set on their host when the page sets none. */
  get direction(): 'ltr' | 'rtl' {
    return localeDirection();
  }
}
