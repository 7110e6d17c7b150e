import { expect } from '@open-wc/testing';
import {
  defineMessages,
  getLocale,
  localeDirection,
  fillPlaceholders,
  onLocaleChange,
  plural,
  pluralMessage,
  registerTranslations,
  setLocale,
} from '../../src/i18n/catalog.js';

describe('message catalog', () => {
  const t = defineMessages('catalog-test', {
    greeting: 'Hello {name}',
    count: (params) => plural(Number(params.count), { one: '{count} user', other: '{count} users' }),
  });

  afterEach(() => setLocale('en'));

  it('fills placeholders', () => {
    expect(t('greeting', { name: 'Ana' })).to.equal('Hello Ana');
  });

  it('keeps unknown placeholders visible', () => {
    expect(t('greeting')).to.equal('Hello {name}');
  });

  it('picks plural forms', () => {
    expect(t('count', { count: 1 })).to.equal('1 user');
    expect(t('count', { count: 1200 })).to.equal('1,200 users');
  });

  it('switches locale at run time', () => {
    registerTranslations('fr', { 'catalog-test': { greeting: 'Bonjour {name}' } });

    setLocale('fr-CA');

    expect(getLocale()).to.equal('fr-CA');
    expect(t('greeting', { name: 'Ana' })).to.equal('Bonjour Ana');
  });

  it('falls back to English for missing keys', () => {
    registerTranslations('de', { 'catalog-test': {} });

    setLocale('de');

    expect(t('greeting', { name: 'Ana' })).to.equal('Hello Ana');
  });

  it('notifies listeners once per change', () => {
    const seen: string[] = [];
    const stop = onLocaleChange((locale) => seen.push(locale));

    setLocale('ar');
    setLocale('ar');
    stop();
    setLocale('en');

    expect(seen).to.deep.equal(['ar']);
  });

  it('fills a value once, even when it contains braces', () => {
    expect(fillPlaceholders('Open {name}', { name: '{count}', count: 3 }, 'en')).to.equal('Open {count}');
  });

  it('builds plural messages from any parameter', () => {
    const groups = pluralMessage({ one: '{name}: {size} user', other: '{name}: {size} users' }, 'size');

    expect(groups({ name: 'VIP', size: 1 }, 'en')).to.equal('VIP: 1 user');
    expect(groups({ name: 'VIP', size: 2500 }, 'en')).to.equal('VIP: 2,500 users');
  });

  it('isolates text values in right-to-left locales', () => {
    expect(fillPlaceholders('فتح {name}', { name: 'Ada' }, 'ar')).to.equal('فتح \u2068Ada\u2069');
    expect(fillPlaceholders('Open {name}', { name: 'Ada' }, 'en')).to.equal('Open Ada');
  });

  it('knows right-to-left locales', () => {
    expect(localeDirection('ar-EG')).to.equal('rtl');
    expect(localeDirection('pt-BR')).to.equal('ltr');
  });
});
