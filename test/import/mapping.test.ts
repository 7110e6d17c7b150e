import { expect } from '@open-wc/testing';
import { attributeKey, canonicalHeader, matchHeader, profileValues, suggestMapping } from '../../src/import/mapping.js';
import type { SourceColumn, SystemField } from '../../src/import/types.js';

/** Builds columns from headers and their values, and suggests a mapping for them. */
function suggest(columns: [header: string, ...values: string[]][]): SystemField[] {
  const source: SourceColumn[] = columns.map(([header, ...values], index) => ({
    index,
    header,
    label: header || `Column ${index + 1}`,
    samples: values.slice(0, 5),
    filled: values.length,
  }));
  return suggestMapping(source, columns.map(([, ...values]) => values)).map((entry) => entry.field);
}

describe('canonicalHeader', () => {
  it('ignores case, accents, punctuation and numbering', () => {
    expect(canonicalHeader('  Correo   Electrónico ')).to.equal('correo electronico');
    expect(canonicalHeader('E-mail 2 Address')).to.equal('e mail address');
    expect(canonicalHeader('Phone1_Value')).to.equal('phone value');
    expect(canonicalHeader('Straße')).to.equal('strasse');
  });
});

describe('matchHeader', () => {
  const cases: [string, SystemField][] = [
    ['Full Name', 'fullName'],
    ['Display Name', 'fullName'],
    ['Nome completo', 'fullName'],
    ['Nom complet', 'fullName'],
    ['Volledige naam', 'fullName'],
    ['First Name', 'firstName'],
    ['Given Name', 'firstName'],
    ['Prénom', 'firstName'],
    ['Vorname', 'firstName'],
    ['Voornaam', 'firstName'],
    ['Primeiro nome', 'firstName'],
    ['Last Name', 'lastName'],
    ['Family Name', 'lastName'],
    ['Apellidos', 'lastName'],
    ['Nachname', 'lastName'],
    ['Cognome', 'lastName'],
    ['Achternaam', 'lastName'],
    ['Sobrenome', 'lastName'],
    ['Nom de famille', 'lastName'],
    ['Email', 'email'],
    ['E-mail Address', 'email'],
    ['E-mail 1 - Value', 'email'],
    ['Email Address', 'email'],
    ['Correo electrónico', 'email'],
    ['Courriel', 'email'],
    ['Primary Email', 'email'],
    ['Phone', 'phone'],
    ['Mobile Phone', 'phone'],
    ['Phone 1 - Value', 'phone'],
    ['Phone Number', 'phone'],
    ['Mobile Phone Number', 'phone'],
    ['Teléfono', 'phone'],
    ['Telefone', 'phone'],
    ['Téléphone', 'phone'],
    ['Telefonnummer', 'phone'],
    ['Handy', 'phone'],
    ['Cellulare', 'phone'],
    ['Telefoonnummer', 'phone'],
    ['Numéro de téléphone', 'phone'],
    ['WhatsApp', 'whatsapp'],
    ['WhatsApp number', 'whatsapp'],
    ['Instagram', 'instagram'],
    ['Instagram handle', 'instagram'],
    ['Business Fax', 'text'],
    ["Assistant's Phone", 'text'],
    ['Email Opt Out', 'boolean'],
    ['Birthday', 'date'],
    ['Fecha alta', 'date'],
    ['Connected On', 'date'],
    ['Labels', 'tags'],
    ['Tags', 'tags'],
    ['Company', 'text'],
    // Mailchimp's merge tags and the snake_case headers of CRM exports.
    ['FNAME', 'firstName'],
    ['LNAME', 'lastName'],
    ['EMAIL', 'email'],
    ['first_name', 'firstName'],
    ['email_address', 'email'],
    ['phone_number', 'phone'],
    ['Nombre completo', 'fullName'],
  ];
  for (const [header, field] of cases) {
    it(`maps "${header}" to ${field}`, () => {
      expect(matchHeader(header)?.field).to.equal(field);
    });
  }

  it('leaves a phonetic name alone', () => {
    expect(matchHeader('Phonetic First Name')?.field).to.equal('text');
  });

  it('matches nothing for a blank header', () => {
    expect(matchHeader('  ')).to.equal(undefined);
  });
});

describe('profileValues', () => {
  it('counts kinds of values', () => {
    const profile = profileValues(['ana@example.com', '+44 7700 900123', '@ana_lima', '2024-03-01', '42', 'yes', '']);

    expect(profile).to.deep.equal({ count: 6, email: 1, phone: 1, instagram: 1, date: 1, number: 1, boolean: 1 });
  });

  it('counts scientific notation as a mangled phone', () => {
    expect(profileValues(['4,47701E+11']).phone).to.equal(1);
  });
});

describe('suggestMapping', () => {
  it('maps the first column of a BOM file to Full Name', () => {
    expect(suggest([['Full Name', 'Ana Lima'], ['Phone', '+44 7700 900123']])).to.deep.equal(['fullName', 'phone']);
  });

  it('maps an e-mail column whatever its header', () => {
    expect(suggest([['Name', 'Ana'], ['Contact', 'ana@example.com', 'ben@example.com']])).to.deep.equal(['fullName', 'email']);
  });

  it('maps a column of phone numbers under an unknown header', () => {
    expect(suggest([['Name', 'Ana'], ['Reach me', '+44 7700 900123', '+1 212-555-0187']])).to.deep.equal(['fullName', 'phone']);
  });

  it('maps handles under an unknown header', () => {
    expect(suggest([['Name', 'Ana'], ['IG?', '@ana', '@ben.o']])).to.deep.equal(['fullName', 'instagram']);
  });

  it('keeps two phone columns', () => {
    expect(suggest([['Full Name', 'A'], ['Phone', '+1 212-555-0187'], ['Phone', '+1 212-555-0188'], ['Email', 'a@b.co']])).to.deep.equal([
      'fullName',
      'phone',
      'phone',
      'email',
    ]);
  });

  it('reads Nombre as the first name beside Apellidos', () => {
    expect(suggest([['Nombre', 'Rohan'], ['Apellidos', 'Gupta']])).to.deep.equal(['firstName', 'lastName']);
  });

  it('reads nome as the full name alone', () => {
    expect(suggest([['nome', 'Joana Prado'], ['telefone', '4,47701E+11']])).to.deep.equal(['fullName', 'phone']);
  });

  it('reads Nom as the last name beside Prénom', () => {
    expect(suggest([['Prénom', 'Zoë'], ['Nom', 'Lefèvre']])).to.deep.equal(['firstName', 'lastName']);
  });

  it('keeps one column per name field', () => {
    expect(suggest([['Name', 'A B'], ['Full name', 'A B'], ['First name', 'A']])).to.deep.equal(['fullName', 'text', 'firstName']);
  });

  it('ignores an empty attribute column', () => {
    expect(suggest([['Name', 'A'], ['Email', 'a@b.co'], ['Nickname']])).to.deep.equal(['fullName', 'email', 'ignore']);
  });

  it('types attributes by their values', () => {
    expect(suggest([['Name', 'A'], ['Email', 'a@b.co'], ['Joined', '2024-01-02'], ['Member', 'yes', 'no'], ['Postcode', '0042']])).to.deep.equal([
      'fullName',
      'email',
      'date',
      'boolean',
      'text',
    ]);
  });

  it("pairs Google's label columns with their values", () => {
    const source: SourceColumn[] = ['Name', 'Phone 1 - Label', 'Phone 1 - Value'].map((header, index) => ({
      index,
      header,
      label: header,
      samples: [],
      filled: 1,
    }));

    const mapping = suggestMapping(source, [['Ana'], ['Mobile'], ['+44 7700 900123']]);

    expect(mapping.map((entry) => entry.field)).to.deep.equal(['fullName', 'ignore', 'phone']);
    expect(mapping[2]?.labelColumn).to.equal(1);
  });

  it('gives distinct attribute keys', () => {
    const source: SourceColumn[] = ['Notes', 'notes'].map((header, index) => ({ index, header, label: header, samples: [], filled: 1 }));

    const mapping = suggestMapping(source, [['a'], ['b']]);

    expect(mapping.map((entry) => entry.key)).to.deep.equal(['notes', 'notes_2']);
  });
});

describe('attributeKey', () => {
  it('folds a label into a key', () => {
    expect(attributeKey('Fecha de alta (día)')).to.equal('fecha_de_alta_dia');
  });
});
