import { expect } from '@open-wc/testing';
// Every module that declares messages, so that the English catalog is complete.
import '../../src/index.js';
import '../../src/elements/user-profile/define.js';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/csv-import-wizard/define.js';
import '../../src/elements/all-users-table/define.js';
import '../../src/elements/shared/vaadin-i18n.js';
import { describeError } from '../../src/i18n/data-messages.js';
import { NotFoundError } from '../../src/data/errors.js';
import { englishMessages, setLocale, type MessageParams, type MessageValue } from '../../src/i18n/catalog.js';
import { BUILT_IN_LOCALES, registerBuiltInLocales } from '../../src/i18n/locales/index.js';
import { t as profileMessage } from '../../src/elements/user-profile/messages.js';

// Counts that reach every plural category of English, French and Arabic.
const COUNTS = [0, 1, 2, 3, 11, 100, 1.5];

/** Lists the parameters a message reads: its `{name}` placeholders, or what its function reads for any count. */
function parametersOf(message: MessageValue, locale: string): string[] {
  if (typeof message === 'string') {
    return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
  }
  const names = new Set<string>();
  for (const count of COUNTS) message(recordingParams(names, count), locale);
  return [...names].sort();
}

/** Returns parameters that answer every name with `count` and note the names read. */
function recordingParams(names: Set<string>, count: number): MessageParams {
  return new Proxy({} as MessageParams, {
    get(_, name) {
      if (typeof name === 'string') names.add(name);
      return count;
    },
  });
}

function* entries(locale: string) {
  const table = BUILT_IN_LOCALES[locale]!;
  for (const [namespace, messages] of englishMessages()) {
    for (const [key, english] of Object.entries(messages)) {
      yield { id: `${namespace}/${key}`, english, translation: table[namespace]?.[key] };
    }
  }
}

describe('built-in locales', () => {
  after(() => setLocale('en'));

  it('ships French and Arabic', () => {
    expect(Object.keys(BUILT_IN_LOCALES)).to.have.members(['fr', 'ar']);
  });

  for (const locale of Object.keys(BUILT_IN_LOCALES)) {
    describe(locale, () => {
      it('translates every English message', () => {
        const missing = [...entries(locale)].filter((entry) => entry.translation === undefined).map((entry) => entry.id);

        expect(missing).to.deep.equal([]);
      });

      it('has no message English lacks', () => {
        const stale: string[] = [];
        for (const [namespace, messages] of Object.entries(BUILT_IN_LOCALES[locale]!)) {
          const english = englishMessages().get(namespace);
          for (const key of Object.keys(messages)) if (!english || !(key in english)) stale.push(`${namespace}/${key}`);
        }

        expect(stale).to.deep.equal([]);
      });

      it('uses the placeholders of English', () => {
        const mismatches: string[] = [];
        for (const { id, english, translation } of entries(locale)) {
          if (translation === undefined) continue;
          const expected = parametersOf(english, 'en').join(', ');
          const actual = parametersOf(translation, locale).join(', ');
          if (expected !== actual) mismatches.push(`${id}: expected {${expected}}, found {${actual}}`);
        }

        expect(mismatches).to.deep.equal([]);
      });

      it('fills every placeholder of plural forms', () => {
        const unfilled: string[] = [];
        for (const { id, translation } of entries(locale)) {
          if (typeof translation !== 'function') continue;
          for (const count of COUNTS) {
            const text = translation(recordingParams(new Set(), count), locale);
            if (!text.trim() || /\{\w+\}/.test(text)) unfilled.push(`${id} (${count}): "${text}"`);
          }
        }

        expect(unfilled).to.deep.equal([]);
      });
    });
  }

  it('writes Arabic messages in Arabic script', () => {
    // Names of encodings and a title with its count contain no Arabic word.
    const allowed = new Set(['csv-import-wizard/encoding.utf-8', 'csv-import-wizard/preview.list-title']);
    const latinOnly = [...entries('ar')]
      .filter(({ id, translation }) => typeof translation === 'string' && !allowed.has(id))
      .filter(({ translation }) => !/[\u0600-\u06ff]/.test(translation as string))
      .map(({ id }) => id);

    expect(latinOnly).to.deep.equal([]);
  });

  describe('after registerBuiltInLocales', () => {
    before(() => registerBuiltInLocales());
    afterEach(() => setLocale('en'));

    it('picks all six Arabic plural forms', () => {
      setLocale('ar');

      const forms = [0, 1, 2, 3, 11, 100].map((count) => profileMessage('message-count', { count }));

      const digits = (count: number) => new Intl.NumberFormat('ar').format(count);
      expect(forms).to.deep.equal([
        'لا توجد رسائل',
        'رسالة واحدة',
        'رسالتان',
        `${digits(3)} رسائل`,
        `${digits(11)} رسالة`,
        `${digits(100)} رسالة`,
      ]);
    });

    it('writes French numbers with French separators', () => {
      setLocale('fr');

      expect(profileMessage('message-count', { count: 1200 })).to.equal(`${new Intl.NumberFormat('fr').format(1200)} messages`);
      expect(profileMessage('message-count', { count: 1 })).to.equal('1 message');
    });

    it('translates provider errors', () => {
      setLocale('fr');
      const french = describeError(new NotFoundError('users', 'u1'));
      setLocale('ar');
      const arabic = describeError(new NotFoundError('users', 'u1'));

      expect(french).to.match(/^Cet enregistrement n’existe plus/);
      expect(arabic).to.match(/^لم يعد هذا السجل موجودًا/);
    });

    it('isolates values inside Arabic sentences', () => {
      setLocale('ar');

      const text = profileMessage('not-found', { id: 'u-42' });

      expect(text).to.equal('لا يوجد مستخدم بالمعرّف «\u2068u-42\u2069». ربما حُذف المستخدم.');
    });

    it('keeps French values as they are', () => {
      setLocale('fr');

      expect(profileMessage('open', { name: 'photo.png' })).to.equal('Ouvrir photo.png');
    });
  });
});
