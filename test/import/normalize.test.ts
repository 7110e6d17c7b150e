import { expect } from '@open-wc/testing';
import { normalizeIdentifier, type CountryCode } from '../../src/model/identifiers.js';
import type { ChannelKind } from '../../src/model/types.js';
import { createRowMapper, memoizedNormalizer, splitGroupNames, splitValues } from '../../src/import/normalize.js';
import { assignKeys } from '../../src/import/mapping.js';
import type { ColumnMapping, MappingOptions, SystemField } from '../../src/import/types.js';

/** Maps one row whose columns have the given fields, labelled by field name. */
function mapRow(fields: SystemField[], cells: string[], options: Partial<MappingOptions> = {}, extra: Partial<ColumnMapping>[] = []) {
  const mapping: ColumnMapping[] = assignKeys(
    fields.map((field, column) => ({ column, field, type: 'text', label: field, description: '', key: '', ...extra[column] })),
  );
  const mapper = createRowMapper(mapping, { keepUnmappedAsAttributes: false, defaultCountry: 'GB', ...options }, fields);
  return mapper(cells, 7);
}

describe('createRowMapper', () => {
  it('builds a user from names and identifiers', () => {
    const row = mapRow(['fullName', 'phone', 'email'], ['Ana  Lima', '+44 7700 900123', 'Ana@Example.com']);

    expect(row.record?.line).to.equal(7);
    expect(row.record?.user).to.deep.equal({
      name: 'Ana Lima',
      firstName: 'Ana',
      lastName: 'Lima',
      identifiers: [
        { kind: 'phone', value: '+447700900123' },
        { kind: 'email', value: 'ana@example.com' },
      ],
      primaryChannel: 'phone',
    });
  });

  it('completes the full name from first and last', () => {
    const row = mapRow(['firstName', 'lastName', 'email'], ['Rohan', 'Gupta', 'r@example.com']);

    expect(row.record?.user.name).to.equal('Rohan Gupta');
  });

  it('rejects scientific notation and keeps the raw value', () => {
    const row = mapRow(['fullName', 'phone'], ['Joana Prado', '4,47701E+11']);

    expect(row.record).to.equal(undefined);
    expect(row.rejection).to.deep.include({ line: 7, code: 'scientific-notation', field: 'phone', value: '4,47701E+11' });
    expect(row.rejection?.message).to.contain('4,47701E+11');
    expect(row.cells[1]).to.deep.equal({ raw: '4,47701E+11', issue: 'scientific-notation' });
  });

  it('imports a row whose other identifier is valid, with a warning', () => {
    const row = mapRow(['fullName', 'phone', 'email'], ['Rohan Gupta', '6,14916E+10', 'rohan@example.net']);

    expect(row.record?.user.identifiers).to.deep.equal([{ kind: 'email', value: 'rohan@example.net' }]);
    expect(row.warnings.map((warning) => warning.code)).to.deep.equal(['scientific-notation']);
  });

  it('rejects a row without a name', () => {
    const row = mapRow(['fullName', 'email'], ['', 'noname@example.com']);

    expect(row.rejection).to.deep.include({ code: 'name-required', field: 'name' });
  });

  it('rejects a last name alone', () => {
    const row = mapRow(['firstName', 'lastName', 'email'], ['', 'Gupta', 'r@example.com']);

    expect(row.rejection?.code).to.equal('name-required');
  });

  it('rejects a row without identifiers', () => {
    const row = mapRow(['fullName', 'phone', 'email'], ['Ananya Iyer', '', '']);

    expect(row.rejection).to.deep.include({ code: 'identifier-required', field: 'identifiers' });
  });

  it('does not add the country code twice', () => {
    const row = mapRow(['fullName', 'whatsapp'], ['Ana Lima', '447700900123']);

    expect(row.record?.user.identifiers).to.deep.equal([{ kind: 'whatsapp', value: '+447700900123' }]);
  });

  it('reads 00 and (0) prefixes', () => {
    const row = mapRow(['fullName', 'phone', 'phone'], ['Ana Lima', '0044 7700 900123', '+44 (0)7700 900456']);

    expect(row.record?.user.identifiers.map((identifier) => identifier.value)).to.deep.equal(['+447700900123', '+447700900456']);
  });

  it('warns about a number in an unknown range', () => {
    const row = mapRow(['fullName', 'phone'], ['Ana Lima', '+44 7700 900123']);

    expect(row.warnings).to.deep.equal([
      { line: 7, code: 'phone-range-unknown', field: 'phone', value: '+447700900123', message: row.warnings[0]?.message },
    ]);
    expect(row.cells[1]?.warning).to.equal('phone-range-unknown');
  });

  it("splits Google's multiple values, the first primary", () => {
    const row = mapRow(['fullName', 'phone'], ['Priya Sharma', '+44 7700 900976 ::: +1 212-555-0187']);

    expect(row.record?.user.identifiers.map((identifier) => identifier.value)).to.deep.equal(['+447700900976', '+12125550187']);
    expect(row.cells[1]?.value).to.equal('+447700900976 ::: +12125550187');
  });

  it('labels identifiers from their label column', () => {
    const row = mapRow(['fullName', 'phone', 'ignore'], ['Priya', '+1 212-555-0187', 'Mobile'], {}, [{}, { labelColumn: 2 }]);

    expect(row.record?.user.identifiers).to.deep.equal([{ kind: 'phone', value: '+12125550187', label: 'Mobile' }]);
  });

  it('strips @ from Instagram handles', () => {
    const row = mapRow(['fullName', 'instagram'], ['Ana', '@Ana_Lima']);

    expect(row.record?.user.identifiers).to.deep.equal([{ kind: 'instagram', value: 'ana_lima' }]);
  });

  it('keeps the same number on two channels', () => {
    const row = mapRow(['fullName', 'phone', 'whatsapp'], ['Chiamaka', '+44 7700 900619', '+44 7700 900619']);

    expect(row.record?.user.identifiers.map((identifier) => identifier.kind)).to.deep.equal(['phone', 'whatsapp']);
  });

  it('keeps attribute text as written when a form keeps it', () => {
    const row = mapRow(['fullName', 'email', 'text', 'number', 'ignore'], ['Ana', 'a@b.co', '=SUM(1+1)', '0042', 'x'], {
      keepUnmappedAsAttributes: true,
    });

    expect(row.record?.user.attributes).to.deep.equal({ text: '=SUM(1+1)', number: '0042' });
  });

  it('drops attributes without a form', () => {
    const row = mapRow(['fullName', 'email', 'text'], ['Ana', 'a@b.co', 'note']);

    expect(row.record?.user.attributes).to.equal(undefined);
    expect(row.cells[2]?.value).to.equal('note');
  });

  it('joins extra groups from the group column', () => {
    const row = mapRow(['fullName', 'email', 'tags'], ['Ana', 'a@b.co', '* myContacts ::: Customers, VIP'], { groupColumn: 2 });

    expect(row.record?.extraGroups).to.deep.equal(['myContacts', 'Customers', 'VIP']);
  });
});

describe('createRowMapper without preview cells', () => {
  const FIELDS: SystemField[] = ['fullName', 'firstName', 'lastName', 'phone', 'whatsapp', 'email', 'instagram', 'text', 'tags', 'ignore'];
  const ROWS: string[][] = [
    ['Ana  Lima', '', '', '+44 7700 900123', '+44 7700 900123', 'Ana@Example.com', '@Ana_Lima', 'note', 'VIP', 'Mobile'],
    ['', 'Rohan', 'Gupta', '4,47701E+11', '', 'rohan@example.net', '', '', '', ''],
    ['Priya\tSharma ', '', '', '+44 7700 900976 ::: +1 212-555-0187 ::: +44 7700 900976', '', 'not-an-email', 'bad handle!', '', '* myContacts ::: Customers, VIP', 'Work'],
    ['', '', 'Gupta', '+44 7700 900555', '', '', '', '', '', ''],
    ['Ananya Iyer', '', '', '', '', '', '', 'x', '', ''],
    ['Joana Prado', '', '', '6,14916E+10', '', '', '', '', '', ''],
    ['\u00a0Lúcia  Prado\u00a0', '', '', '+1 999 555 0123', '', 'Ann Smith <Ann.Smith@Example.COM>', 'https://www.instagram.com/Some.Handle/', '', '', ''],
  ];

  for (const keepUnmappedAsAttributes of [false, true]) {
    it(`maps rows as the preview mapper does${keepUnmappedAsAttributes ? ', keeping attributes' : ''}`, () => {
      const mapping: ColumnMapping[] = assignKeys(
        FIELDS.map((field, column) => ({ column, field, type: 'text', label: field, description: '', key: '', ...(column === 3 ? { labelColumn: 9 } : {}) })),
      );
      const options: MappingOptions = { keepUnmappedAsAttributes, defaultCountry: 'GB', groupColumn: 8 };
      const preview = createRowMapper(mapping, options, FIELDS);
      const records = createRowMapper(mapping, options, FIELDS, memoizedNormalizer(), false);

      ROWS.forEach((cells, index) => {
        const expected = preview(cells, index + 2);
        const actual = records(cells, index + 2);
        expect(actual.cells, `cells of row ${index}`).to.deep.equal([]);
        expect(actual.record, `record of row ${index}`).to.deep.equal(expected.record);
        expect(Object.keys(actual.record?.user ?? {}), `user fields of row ${index}`).to.deep.equal(Object.keys(expected.record?.user ?? {}));
        expect(actual.rejection, `rejection of row ${index}`).to.deep.equal(expected.rejection);
        expect(actual.warnings, `warnings of row ${index}`).to.deep.equal(expected.warnings);
      });
    });
  }

  it('orders user fields as names, identifiers, primary channel, attributes', () => {
    const row = mapRow(['fullName', 'email', 'text'], ['Ana Lima', 'a@b.co', 'note'], { keepUnmappedAsAttributes: true });

    expect(Object.keys(row.record?.user ?? {})).to.deep.equal(['name', 'firstName', 'lastName', 'identifiers', 'primaryChannel', 'attributes']);
  });

  it('drops a repeated identifier of the same kind', () => {
    const row = mapRow(['fullName', 'phone', 'phone'], ['Ana Lima', '+44 7700 900123 ::: 07700 900123', '0044 7700 900123']);

    expect(row.record?.user.identifiers).to.deep.equal([{ kind: 'phone', value: '+447700900123' }]);
  });
});

describe('splitValues', () => {
  it('splits on Google separators only', () => {
    expect(splitValues('a@x.io ::: b@x.io')).to.deep.equal(['a@x.io', 'b@x.io']);
    expect(splitValues('Lima, Ana')).to.deep.equal(['Lima, Ana']);
  });
});

describe('splitGroupNames', () => {
  it('splits tags on commas too', () => {
    expect(splitGroupNames('lead, newsletter', true)).to.deep.equal(['lead', 'newsletter']);
    expect(splitGroupNames('Washington, D.C.', false)).to.deep.equal(['Washington, D.C.']);
  });
});

describe('memoizedNormalizer', () => {
  const RAW: [ChannelKind, string, CountryCode | undefined][] = [
    ['phone', '07700 900123', 'GB'],
    ['phone', '447700900123', undefined],
    ['whatsapp', '0044 (0)7700 900456', 'GB'],
    ['phone', '(02) 9876 5432', 'AU'],
    ['phone', '+1 201-555-0123', 'GB'],
    ['sms', '020 7946 0018', 'GB'],
    ['email', 'Ann Smith <Ann.Smith@Example.COM>', undefined],
    ['email', 'mailto:bob@example.org', undefined],
    ['instagram', 'https://www.instagram.com/Some.Handle/', undefined],
    ['instagram', '@Other_Handle', undefined],
  ];

  it('matches normalizeIdentifier on raw values', () => {
    const normalize = memoizedNormalizer();
    for (const [kind, raw, defaultCountry] of RAW) {
      const options = defaultCountry ? { defaultCountry } : {};
      expect(normalize(kind, raw, options), `${kind} ${raw}`).to.deep.equal(normalizeIdentifier(kind, raw, options));
    }
  });

  it('keeps the range warning of a remembered number', () => {
    const normalize = memoizedNormalizer();
    const first = normalize('phone', '+1 999 555 0123', {});
    expect(first).to.deep.equal({ ok: true, value: '+19995550123', warning: 'phone-range-unknown' });
    expect(normalize('phone', '+1 999 555 0123', {})).to.deep.equal(first);
    expect(normalize('sms', '+19995550123', { defaultCountry: 'GB' })).to.deep.equal(first);
  });

  it('matches plain results when growing or resetting', () => {
    // 64 slots start over after 32 numbers; the default memo grows past its first 16,384 slots.
    for (const normalize of [memoizedNormalizer(64), memoizedNormalizer()]) {
      for (let pass = 0; pass < 2; pass++) {
        for (let index = 0; index < 20_000; index += pass === 0 ? 1 : 97) {
          const raw = `07700 9${String(index).padStart(5, '0')}`;
          const expected = normalizeIdentifier('phone', raw, { defaultCountry: 'GB' });
          expect(normalize('phone', raw, { defaultCountry: 'GB' }), raw).to.deep.equal(expected);
          expect(normalize('phone', raw, { defaultCountry: 'FR' }), `${raw} in FR`).to.deep.equal(normalizeIdentifier('phone', raw, { defaultCountry: 'FR' }));
        }
      }
    }
  });

  it('returns normalized values unchanged in any country', () => {
    const normalize = memoizedNormalizer();
    for (const [kind, raw, defaultCountry] of RAW) {
      const first = normalize(kind, raw, defaultCountry ? { defaultCountry } : {});
      if (!first.ok) throw new Error(`${kind} ${raw} should be valid`);

      for (const country of [undefined, 'US', 'DE'] as const) {
        const options = country ? { defaultCountry: country } : {};
        const fresh = normalizeIdentifier(kind, first.value, options);
        expect(fresh, `${kind} ${first.value} in ${country ?? 'no country'}`).to.deep.equal(first);
        expect(normalize(kind, first.value, options), `remembered ${first.value}`).to.deep.equal(fresh);
      }
    }
  });
});
