/**
 * The demo's language picker: English and the two shipped translations,
 * switched at run time with setLocale. The page's `lang` and `dir` follow,
 * so the header mirrors in Arabic as the elements do. The choice is kept in
 * localStorage.
 */
import { localeDirection, setLocale } from '../src/i18n/catalog.js';
import { registerBuiltInLocales } from '../src/i18n/locales/index.js';

const LOCALES = [
  { tag: 'en', label: 'English' },
  { tag: 'fr', label: 'Français' },
  { tag: 'ar', label: 'العربية' },
] as const;

const STORAGE_KEY = 'all-users-demo:locale';

function applyLocale(tag: string): void {
  setLocale(tag);
  document.documentElement.lang = tag;
  document.documentElement.dir = localeDirection(tag);
}

function addPicker(): void {
  const actions = document.getElementById('demo-actions');
  if (!actions) return;

  registerBuiltInLocales();
  const stored = localStorage.getItem(STORAGE_KEY);
  const current = LOCALES.find((locale) => locale.tag === stored)?.tag ?? 'en';

  const label = document.createElement('label');
  label.className = 'demo-locale';
  label.textContent = 'Language ';
  const select = document.createElement('select');
  for (const locale of LOCALES) {
    const option = new Option(locale.label, locale.tag, false, locale.tag === current);
    option.lang = locale.tag;
    select.add(option);
  }
  select.addEventListener('change', () => {
    localStorage.setItem(STORAGE_KEY, select.value);
    applyLocale(select.value);
  });
  label.append(select);
  actions.append(label);
  applyLocale(current);
}

addPicker();
