import { expect } from '@open-wc/testing';
import { identifierKey, normalizeEmail, normalizeInstagram, normalizePhone } from '../../src/model/identifiers.js';

describe('normalizePhone', () => {
  it('keeps an international number', () => {
    expect(normalizePhone('+1 212-555-0187')).to.deep.equal({ ok: true, value: '+12125550187' });
  });

  it('does not add the country code twice', () => {
    const result = normalizePhone('447700900123', { defaultCountry: 'GB' });

    expect(result).to.deep.equal({ ok: true, value: '+447700900123', warning: 'phone-range-unknown' });
  });

  it('reads digits of another country without plus', () => {
    const result = normalizePhone('61491577082', { defaultCountry: 'GB' });

    expect(result.ok && result.value).to.equal('+61491577082');
  });

  it('reads a national number in the default country', () => {
    const result = normalizePhone('07700 900403', { defaultCountry: 'GB' });

    expect(result.ok && result.value).to.equal('+447700900403');
  });

  it('accepts 00 and (0) prefixes', () => {
    expect(normalizePhone('0044 7700 900123').ok && normalizePhone('0044 7700 900123')).to.include({ value: '+447700900123' });
    expect(normalizePhone('+44 (0)7700 900123')).to.include({ value: '+447700900123' });
  });

  it('rejects scientific notation with a comma', () => {
    expect(normalizePhone('4,47701E+11')).to.deep.equal({ ok: false, reason: 'scientific-notation' });
  });

  it('rejects scientific notation with a dot', () => {
    expect(normalizePhone('9.19876E+11')).to.deep.equal({ ok: false, reason: 'scientific-notation' });
  });

  it('rejects words', () => {
    expect(normalizePhone('call me')).to.deep.equal({ ok: false, reason: 'not-a-phone-number' });
  });

  it('rejects a number too short', () => {
    expect(normalizePhone('123', { defaultCountry: 'GB' })).to.deep.equal({ ok: false, reason: 'phone-too-short' });
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims', () => {
    expect(normalizeEmail('  Ana@Example.COM ')).to.deep.equal({ ok: true, value: 'ana@example.com' });
  });

  it('takes the address out of a display name', () => {
    expect(normalizeEmail('Ana Lima <ana@example.com>')).to.deep.equal({ ok: true, value: 'ana@example.com' });
  });

  it('rejects a value without domain', () => {
    expect(normalizeEmail('ana@')).to.deep.equal({ ok: false, reason: 'invalid-email' });
  });
});

describe('normalizeInstagram', () => {
  for (const raw of ['@ana.lima', 'ana.lima', 'https://www.instagram.com/ana.lima/', 'instagram.com/Ana.Lima?hl=en']) {
    it(`reads ${raw}`, () => {
      expect(normalizeInstagram(raw)).to.deep.equal({ ok: true, value: 'ana.lima' });
    });
  }

  it('rejects spaces', () => {
    expect(normalizeInstagram('ana lima')).to.deep.equal({ ok: false, reason: 'invalid-instagram-handle' });
  });
});

describe('identifierKey', () => {
  it('puts WhatsApp numbers in the phone space', () => {
    expect(identifierKey({ kind: 'whatsapp', value: '+447700900123' })).to.equal('phone:+447700900123');
  });
});
