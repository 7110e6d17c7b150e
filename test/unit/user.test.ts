import { expect } from '@open-wc/testing';
import { applyUserPatch, completeNames, validateUserInput } from '../../src/model/user.js';
import type { User } from '../../src/model/types.js';

describe('completeNames', () => {
  it('joins first and last names', () => {
    expect(completeNames({ firstName: ' Ana ', lastName: 'Lima' })).to.deep.equal({
      name: 'Ana Lima',
      firstName: 'Ana',
      lastName: 'Lima',
    });
  });

  it('splits a full name at its first space', () => {
    expect(completeNames({ name: 'Nguyễn Văn An' })).to.deep.equal({
      name: 'Nguyễn Văn An',
      firstName: 'Nguyễn',
      lastName: 'Văn An',
    });
  });

  it('collapses every kind of white space', () => {
    const cases: [string, string][] = [
      ['Ana Lima', 'Ana Lima'],
      ['Ana  Lima', 'Ana Lima'],
      [' Ana Lima', 'Ana Lima'],
      ['Ana Lima ', 'Ana Lima'],
      ['Ana\tLima', 'Ana Lima'],
      ['Ana\u00a0Lima', 'Ana Lima'],
      ['Ana\nLima', 'Ana Lima'],
      ['\u3000Ana\u2009 Lima\ufeff', 'Ana Lima'],
      ['   ', ''],
    ];
    for (const [raw, collapsed] of cases) {
      expect(completeNames({ name: raw }).name, JSON.stringify(raw)).to.equal(collapsed);
      expect(completeNames({ firstName: raw }).firstName, `first name ${JSON.stringify(raw)}`).to.equal(collapsed || undefined);
    }
  });

  it('keeps a single-word name as first name', () => {
    expect(completeNames({ name: 'Madonna' })).to.deep.equal({ name: 'Madonna', firstName: 'Madonna' });
  });
});

describe('validateUserInput', () => {
  it('normalizes identifiers and picks a primary channel', () => {
    const { user, issues } = validateUserInput(
      { name: 'Ana Lima', identifiers: [{ kind: 'email', value: 'Ana@Example.com' }] },
      { defaultCountry: 'GB' },
    );

    expect(issues).to.deep.equal([]);
    expect(user.identifiers).to.deep.equal([{ kind: 'email', value: 'ana@example.com' }]);
    expect(user.primaryChannel).to.equal('email');
  });

  it('requires a name', () => {
    const { issues } = validateUserInput({ identifiers: [{ kind: 'email', value: 'a@example.com' }] });

    expect(issues.map((issue) => issue.code)).to.deep.equal(['name-required']);
  });

  it('requires an identifier', () => {
    const { issues } = validateUserInput({ name: 'Ana', identifiers: [] });

    expect(issues.map((issue) => issue.code)).to.deep.equal(['identifier-required']);
  });

  it('reports each invalid identifier with its value', () => {
    const { issues } = validateUserInput({
      name: 'Ana',
      identifiers: [
        { kind: 'phone', value: '4,47701E+11' },
        { kind: 'email', value: 'not-an-address' },
      ],
    });

    expect(issues).to.deep.equal([
      { field: 'identifiers.0', code: 'scientific-notation', value: '4,47701E+11' },
      { field: 'identifiers.1', code: 'invalid-email', value: 'not-an-address' },
    ]);
  });

  it('rejects a primary channel without identifier', () => {
    const { issues } = validateUserInput({
      name: 'Ana',
      primaryChannel: 'whatsapp',
      identifiers: [{ kind: 'email', value: 'a@example.com' }],
    });

    expect(issues.map((issue) => issue.code)).to.deep.equal(['primary-channel-unknown']);
  });

  it('drops exact repeats of an identifier', () => {
    const { user } = validateUserInput({
      name: 'Ana',
      identifiers: [
        { kind: 'email', value: 'A@example.com' },
        { kind: 'email', value: 'a@example.com' },
      ],
    });

    expect(user.identifiers).to.have.length(1);
  });
});

describe('applyUserPatch', () => {
  const user: User = {
    id: 'u1',
    name: 'Ana Lima',
    firstName: 'Ana',
    lastName: 'Lima',
    identifiers: [],
    preferences: {},
    source: { type: 'internal' },
    groupIds: [],
    attributes: {},
    createdAt: 0,
    updatedAt: 0,
    lastActivityAt: null,
    version: 1,
  };

  it('rebuilds the full name from a new last name', () => {
    expect(applyUserPatch(user, { lastName: 'Prado' }).name).to.equal('Ana Prado');
  });

  it('keeps an explicit full name', () => {
    expect(applyUserPatch(user, { name: 'Ana L. Prado' }).name).to.equal('Ana L. Prado');
  });
});
