import { expect } from '@open-wc/testing';
import { ImportSession } from '../../src/import/session.js';
import type { ParsePreview } from '../../src/import/types.js';
import { cleanUpProviders, openProvider } from '../indexeddb/helpers.js';
import { GB, fixtureFile } from './helpers.js';

interface Spot {
  row: number;
  name: string;
  email?: string;
  phone?: string | null;
  phoneStatus?: string;
  instagram?: string;
}

interface Expectation {
  rows: number;
  importable: number;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  spot?: Spot[];
}

// Expected counts and values of each fixture, as its own expected.json states them.
const expected = (await (await fetch(new URL('../fixtures/expected.json', import.meta.url))).json()) as Record<string, Expectation>;

/** Maps expected.json's wording of encodings and delimiters to the preview's values. */
function encodingOf(text: string): ParsePreview['encoding'] {
  return text.startsWith('utf-16le') ? 'utf-16le' : (text as ParsePreview['encoding']);
}

function delimiterOf(text: string): ParsePreview['delimiter'] {
  return text === 'tab' ? '\t' : (text as ParsePreview['delimiter']);
}

describe('contact fixtures', () => {
  afterEach(cleanUpProviders);

  for (const [name, expectation] of Object.entries(expected)) {
    describe(name, () => {
      let session: ImportSession;

      beforeEach(async () => {
        session = await ImportSession.open(await fixtureFile(name));
      });

      afterEach(() => session.close());

      it('reads the file as exported', () => {
        expect(session.preview.rowCount).to.equal(expectation.rows);
        if (expectation.encoding) expect(session.preview.encoding).to.equal(encodingOf(expectation.encoding));
        if (expectation.delimiter) expect(session.preview.delimiter).to.equal(delimiterOf(expectation.delimiter));
        if (expectation.sheet) expect(session.preview.sheet).to.equal(expectation.sheet);
      });

      it('imports the expected number of users', async () => {
        const provider = openProvider();
        const mapping = session.suggestMapping();

        const analysis = await session.analyze(mapping, GB, provider);
        const report = await session.run(mapping, GB, provider, { group: { name }, onExisting: 'skip' });

        expect(analysis.totalRows).to.equal(expectation.rows);
        expect(analysis.importable).to.equal(expectation.importable);
        expect(report.counts.created).to.equal(expectation.importable);
        expect((await provider.queryUsers({ offset: 0, limit: 1 })).total).to.equal(expectation.importable);
      });

      for (const spot of expectation.spot ?? []) {
        it(`maps row ${spot.row} to ${spot.name}`, async () => {
          const mapping = session.suggestMapping();

          const [row] = await session.previewRecords(mapping, GB, { offset: spot.row - 1, limit: 1 });
          const values = (kind: string) => row?.record?.identifiers.filter((identifier) => identifier.kind === kind).map((identifier) => identifier.value);

          expect(row?.record?.name).to.equal(spot.name);
          if (spot.email) expect(values('email')?.[0]).to.equal(spot.email);
          if (spot.phone) expect(values('phone')?.[0]).to.equal(spot.phone);
          if (spot.instagram) expect(values('instagram')?.[0]).to.equal(spot.instagram);
          if (spot.phone === null) {
            expect(values('phone')).to.deep.equal([]);
            expect(row?.values.some((cell) => cell.issue === 'scientific-notation')).to.equal(true);
          }
        });

        it(`stores ${spot.name} as shown`, async () => {
          const provider = openProvider();
          const mapping = session.suggestMapping();
          await session.run(mapping, GB, provider, { group: { name }, onExisting: 'skip' });

          const [match] = await provider.findByIdentifiers([{ kind: 'email', value: spot.email ?? '' }]);
          const phones = match?.user.identifiers.filter((identifier) => identifier.kind === 'phone').map((identifier) => identifier.value);

          expect(match?.user.name).to.equal(spot.name);
          if (spot.phone) expect(phones?.[0]).to.equal(spot.phone);
          if (spot.phone === null) expect(phones).to.deep.equal([]);
        });
      }
    });
  }
});
