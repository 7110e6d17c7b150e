/**
 * The translations the kit ships besides English, kept out of the main
 * entry so that a host that needs only English does not load them:
 *
 * ```js
 * import { registerBuiltInLocales } from 'all-users-elements/locales';
 * import { setLocale } from 'all-users-elements';
 * registerBuiltInLocales();
 * setLocale('fr');
 * ```
 */
import { registerTranslations, type LocaleTranslations } from '../catalog.js';
import { ar } from './ar.js';
import { fr } from './fr.js';

export { ar, fr };

/** The shipped translations by language tag. English is built into the elements. */
export const BUILT_IN_LOCALES: Readonly<Record<string, LocaleTranslations>> = { fr, ar };

/** Registers every shipped translation with {@link registerTranslations}; call once before {@link setLocale}. */
export function registerBuiltInLocales(): void {
  for (const [locale, table] of Object.entries(BUILT_IN_LOCALES)) registerTranslations(locale, table);
}
