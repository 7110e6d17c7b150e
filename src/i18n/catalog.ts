/**
 * The message catalog. Each element declares its English messages once with
 * {@link defineMessages}; hosts add other locales with
 * {@link registerTranslations} and switch with {@link setLocale} at run time.
 * Elements re-render on a switch through `LocaleController`.
 */

/** Values substituted into `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** A message computed from its parameters, for plurals and grammar. */
export type MessageFunction = (params: MessageParams, locale: string) => string;

/** A message: a template with `{name}` placeholders, or a function for plurals and grammar. */
export type MessageValue = string | MessageFunction;

export type MessageTable = Record<string, MessageValue>;

/** Translations for one locale: namespace, then message key. */
export type LocaleTranslations = Record<string, Partial<MessageTable>>;

const english = new Map<string, MessageTable>();
const translations = new Map<string, LocaleTranslations>();
const listeners = new Set<(locale: string) => void>();
let currentLocale = 'en';

/** Fired on `document` after the locale changes; `detail` is the new locale. */
export const LOCALE_CHANGE_EVENT = 'all-users-locale-change';

/**
 * Declares a namespace's English messages and returns the function that
 * looks them up in the current locale, falling back to English.
 */
export function defineMessages<T extends MessageTable>(namespace: string, messages: T) {
  english.set(namespace, messages);
  return (key: keyof T & string, params: MessageParams = {}): string =>
    translate(namespace, key, params);
}

/** Adds or replaces translations for a locale, such as `fr` or `ar`. */
export function registerTranslations(locale: string, table: LocaleTranslations): void {
  const existing = translations.get(locale) ?? {};
  for (const [namespace, messages] of Object.entries(table)) {
    existing[namespace] = { ...existing[namespace], ...messages };
  }
  translations.set(locale, existing);
  if (locale === currentLocale || baseLanguage(currentLocale) === locale) notify();
}

/** Switches every element to a locale (a BCP 47 tag). Unknown messages stay English. */
export function setLocale(locale: string): void {
  if (locale === currentLocale) return;
  currentLocale = locale;
  notify();
}

export function getLocale(): string {
  return currentLocale;
}

/** Returns `rtl` for right-to-left locales such as Arabic, Hebrew, Persian and Urdu. */
export function localeDirection(locale: string = currentLocale): 'ltr' | 'rtl' {
  return ['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb'].includes(baseLanguage(locale)) ? 'rtl' : 'ltr';
}

/** Calls `listener` after each locale change; returns the function that unsubscribes. */
export function onLocaleChange(listener: (locale: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Picks a plural form with `Intl.PluralRules` for the current locale. */
export function plural(
  count: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
  locale: string = currentLocale,
): string {
  const rule = new Intl.PluralRules(locale).select(count);
  return (forms[rule] ?? forms.other).replaceAll('{count}', formatNumber(count, locale));
}

/**
 * Builds a message whose form `Intl.PluralRules` picks by the number in
 * `params[countParam]`, for translations such as Arabic with up to six
 * forms (`zero`, `one`, `two`, `few`, `many`, `other`). Every `{name}`
 * placeholder of the chosen form is filled, numbers in the locale's digits.
 */
export function pluralMessage(
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
  countParam = 'count',
): MessageFunction {
  return (params, locale) => {
    const rule = new Intl.PluralRules(locale).select(Number(params[countParam] ?? 0));
    return fillPlaceholders(forms[rule] ?? forms.other, params, locale);
  };
}

export function formatNumber(value: number, locale: string = currentLocale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Replaces each `{name}` in `template` with `params[name]`, formatting
 * numbers for `locale`. One pass, so a value that contains braces is never
 * read as a placeholder; a placeholder without a value stays visible.
 * In a right-to-left locale, text values are wrapped in Unicode first-strong
 * isolates (U+2068 … U+2069) so that a Latin name, an e-mail or a phone
 * number keeps its own order without reordering the sentence around it.
 */
export function fillPlaceholders(template: string, params: MessageParams, locale: string = currentLocale): string {
  const isolate = localeDirection(locale) === 'rtl';
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    if (typeof value === 'number') return formatNumber(value, locale);
    return isolate ? `\u2068${value}\u2069` : value;
  });
}

function translate(namespace: string, key: string, params: MessageParams): string {
  const message =
    translations.get(currentLocale)?.[namespace]?.[key] ??
    translations.get(baseLanguage(currentLocale))?.[namespace]?.[key] ??
    english.get(namespace)?.[key];
  if (message === undefined) return key;
  if (typeof message === 'function') return message(params, currentLocale);
  return fillPlaceholders(message, params);
}

function baseLanguage(locale: string): string {
  return locale.split('-')[0] ?? locale;
}

function notify(): void {
  for (const listener of listeners) listener(currentLocale);
  if (typeof document !== 'undefined') {
    document.dispatchEvent(new CustomEvent(LOCALE_CHANGE_EVENT, { detail: currentLocale }));
  }
}

/** Lists the English messages of every namespace, for translators and tests. */
export function englishMessages(): ReadonlyMap<string, MessageTable> {
  return english;
}
