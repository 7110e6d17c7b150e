import { createContext } from '@lit/context';
import type { UserDataProvider } from './provider.js';

/**
 * The Lit context through which an ancestor element hands a provider to the
 * elements inside it. The key is a registered symbol, so two copies of the
 * kit on one page still share it.
 */
export const providerContext = createContext<UserDataProvider>(Symbol.for('all-users-provider'));
