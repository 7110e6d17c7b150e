import { defaultSlot } from './default-slot.js';
import type { UserDataProvider } from './provider.js';

let standIn: { provider: UserDataProvider; loaded?: UserDataProvider } | undefined;

/**
 * Returns the default provider for an element that was given none. Until
 * one is set or loaded, that is a stand-in which loads the IndexedDB
 * provider's module on its first call, so an element's first chunk does
 * not carry a provider a host with its own never uses.
 */
export function lazyDefaultProvider(): UserDataProvider {
  const current = defaultSlot.provider;
  if (current && current !== standIn?.loaded) return current;
  standIn ??= { provider: loadingProvider() };
  return standIn.provider;
}

/** Builds a provider whose calls wait for `getDefaultProvider()` from its module, and then go straight to it. */
function loadingProvider(): UserDataProvider {
  let loading: Promise<UserDataProvider> | undefined;
  const load = () =>
    (loading ??= import('./default-provider.js').then(({ getDefaultProvider }) => {
      const provider = getDefaultProvider();
      if (standIn) standIn.loaded = provider;
      return provider;
    }));

  const waiting: Record<string, unknown> = {
    subscribe(listener: Parameters<UserDataProvider['subscribe']>[0]) {
      let unsubscribe: (() => void) | undefined;
      let stopped = false;
      void load().then((provider) => {
        if (!stopped) unsubscribe = provider.subscribe(listener);
      });
      return () => {
        stopped = true;
        unsubscribe?.();
      };
    },
    close() {
      void load().then((provider) => provider.close());
    },
    // An import started before the module loaded passes its batches through the provider.
    importTarget: () => undefined,
  };

  return new Proxy({} as UserDataProvider, {
    get(_target, name) {
      const loaded = standIn?.loaded;
      if (loaded) {
        const value = (loaded as unknown as Record<PropertyKey, unknown>)[name];
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(loaded) : value;
      }
      if (typeof name !== 'string' || name === 'then') return undefined;
      if (name in waiting) return waiting[name];
      return (...args: unknown[]) => load().then((provider) => (provider as unknown as Record<string, (...inner: unknown[]) => unknown>)[name]!(...args));
    },
  });
}
