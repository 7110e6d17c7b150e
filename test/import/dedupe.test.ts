import { expect } from '@open-wc/testing';
import { mergeDuplicates } from '../../src/import/dedupe.js';
import type { ImportRecord } from '../../src/data/provider.js';

function record(line: number, name: string, identifiers: [kind: string, value: string][], extra: Partial<ImportRecord['user']> = {}): ImportRecord {
  return { line, user: { name, identifiers: identifiers.map(([kind, value]) => ({ kind, value })), ...extra } };
}

describe('mergeDuplicates', () => {
  it('merges the same e-mail in another case', () => {
    const result = mergeDuplicates([record(2, 'Ana', [['email', 'ana@example.com']]), record(3, 'Ana L', [['email', 'Ana@Example.com']])]);

    expect(result.records).to.have.length(1);
    expect(result.duplicates).to.deep.equal([{ line: 3, duplicateOf: 2, key: 'email:ana@example.com' }]);
  });

  it('adds the later row identifiers and missing attributes', () => {
    const result = mergeDuplicates([
      record(2, 'Ana', [['email', 'ana@example.com']], { attributes: { city: 'Lyon' } }),
      record(5, 'Ana', [['phone', '+447700900123'], ['email', 'ana@example.com']], { attributes: { city: 'Pune', company: 'Initech' } }),
    ]);

    expect(result.records[0]?.user.identifiers).to.deep.equal([
      { kind: 'email', value: 'ana@example.com' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    expect(result.records[0]?.user.attributes).to.deep.equal({ city: 'Lyon', company: 'Initech' });
    expect(result.records[0]?.user.name).to.equal('Ana');
  });

  it('treats WhatsApp and phone as one number', () => {
    const result = mergeDuplicates([record(2, 'Ana', [['phone', '+447700900123']]), record(3, 'Ana', [['whatsapp', '+447700900123']])]);

    expect(result.records).to.have.length(1);
  });

  it('leaves an identifier with its first owner', () => {
    const result = mergeDuplicates([
      record(2, 'Ana', [['email', 'ana@example.com']]),
      record(3, 'Ben', [['phone', '+447700900123']]),
      record(4, 'Ana', [['email', 'ana@example.com'], ['phone', '+447700900123']]),
    ]);

    expect(result.records.map((merged) => merged.user.identifiers.length)).to.deep.equal([1, 1]);
    expect(result.duplicates.map((duplicate) => duplicate.duplicateOf)).to.deep.equal([2]);
  });

  it('does not change its input', () => {
    const first = record(2, 'Ana', [['email', 'ana@example.com']]);

    mergeDuplicates([first, record(3, 'Ana', [['email', 'ana@example.com'], ['phone', '+447700900123']])]);

    expect(first.user.identifiers).to.have.length(1);
  });
});
