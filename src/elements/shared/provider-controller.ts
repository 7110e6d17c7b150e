import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { providerContext } from '../../data/context.js';
import { lazyDefaultProvider } from '../../data/lazy-default-provider.js';
import type { DataChange, UserDataProvider } from '../../data/provider.js';

/** An element that may be given a provider directly. */
export interface ProviderHost extends ReactiveControllerHost, HTMLElement {
  provider?: UserDataProvider | undefined;
}

export interface ProviderControllerOptions {
  /** Called after every change the current provider reports, from this page or another tab. */
  onChange?: (change: DataChange) => void;
  /** Called when the resolved provider is replaced by another one. */
  onProviderChange?: (provider: UserDataProvider) => void;
}

/**
 * Resolves an element's provider: its own `provider` property, else one
 * provided by an ancestor through {@link providerContext}, else
 * the default provider (see `getDefaultProvider`), loaded on first use. Keeps a change subscription on whichever
 * provider is current while the element is connected.
 */
export class ProviderController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof providerContext, ProviderHost>;
  private subscribed: UserDataProvider | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ProviderHost,
    private readonly options: ProviderControllerOptions = {},
  ) {
    this.consumer = new ContextConsumer(host, {
      context: providerContext,
      subscribe: true,
      callback: () => {
        this.sync();
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  /** The provider to use now. */
  get value(): UserDataProvider {
    return this.host.provider ?? this.consumer.value ?? lazyDefaultProvider();
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdate(): void {
    // The `provider` property may have been set since the last update.
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.subscribed = undefined;
  }

  private sync(): void {
    if (!this.connected) return;
    const provider = this.value;
    if (provider === this.subscribed) return;

    const previous = this.subscribed;
    this.unsubscribe?.();
    this.subscribed = provider;
    this.unsubscribe = provider.subscribe((change) => this.options.onChange?.(change));
    if (previous) this.options.onProviderChange?.(provider);
  }
}
