import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { ChannelKind, ContactIdentifier } from './types.js';

export type { CountryCode };

/** Why a raw value could not become an identifier. */
export type IdentifierRejection =
  | 'empty'
  | 'scientific-notation'
  | 'not-a-phone-number'
  | 'phone-too-short'
  | 'phone-too-long'
  | 'phone-not-possible'
  | 'invalid-email'
  | 'invalid-instagram-handle';

/** Why an accepted value still deserves a look. */
export type IdentifierWarning = 'phone-range-unknown';

export type NormalizeResult =
  | { ok: true; value: string; warning?: IdentifierWarning }
  | { ok: false; reason: IdentifierRejection };

export interface NormalizeOptions {
  /** ISO 3166-1 alpha-2 country for numbers written without a country code. */
  defaultCountry?: CountryCode;
}

/** A function with the contract of {@link normalizeIdentifier}, such as a memoized one. */
export type IdentifierNormalizer = (kind: ChannelKind, raw: string, options: NormalizeOptions) => NormalizeResult;

/** Channels whose values are phone numbers and share one identity space. */
export const PHONE_CHANNELS: ReadonlySet<string> = new Set(['phone', 'whatsapp', 'sms']);

// Excel turns long digit strings into floats and shows them as `4,47701E+11`
// or `4.47701E+11`: the trailing digits are gone and cannot be recovered.
const SCIENTIFIC_NOTATION = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

/**
 * Normalizes a phone number to E.164.
 *
 * Numbers without `+` are read in the default country first; when that gives
 * no valid number, the digits are tried as an international number without
 * its `+`, so `447700900123` with default GB is `+447700900123` and
 * `61491577082` is `+61491577082`. A number that is possible for its country
 * but in no range the metadata knows is accepted with a warning, because real
 * ranges change faster than the metadata.
 */
export function normalizePhone(raw: string, options: NormalizeOptions = {}): NormalizeResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (SCIENTIFIC_NOTATION.test(text.replace(/\s/g, ''))) {
    return { ok: false, reason: 'scientific-notation' };
  }

  const cleaned = text
    .replace(/^tel:/i, '')
    .replace(/\(0\)/g, '')
    .replace(/^00(?=[1-9])/, '+')
    .trim();
  const digits = cleaned.replace(/\D/g, '');
  if (digits.length === 0 || /\p{L}/u.test(cleaned.replace(/\s*(?:ext\.?|x|#)\s*\d+$/i, ''))) {
    return { ok: false, reason: 'not-a-phone-number' };
  }

  const candidates: PhoneNumber[] = [];
  const national = parsePhoneNumberFromString(cleaned, options.defaultCountry);
  if (national) candidates.push(national);
  if (!cleaned.startsWith('+') && !digits.startsWith('0') && digits.length >= 8) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international) candidates.push(international);
  }

  const valid = candidates.find((number) => number.isValid());
  if (valid) return { ok: true, value: valid.number };
  const possible = candidates.find((number) => number.isPossible());
  if (possible) return { ok: true, value: possible.number, warning: 'phone-range-unknown' };

  if (digits.length < 6) return { ok: false, reason: 'phone-too-short' };
  if (digits.length > 15) return { ok: false, reason: 'phone-too-long' };
  return { ok: false, reason: 'phone-not-possible' };
}

// Deliberately permissive: one `@`, no spaces, a dot in the domain. Stricter
// checks reject real addresses more often than they catch typos.
const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;

/** Normalizes an e-mail address: trimmed, `mailto:` and `Name <…>` removed, lower-cased. */
export function normalizeEmail(raw: string): NormalizeResult {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const bracketed = text.includes('<') ? /<([^<>]+)>\s*$/.exec(text) : null;
  if (bracketed?.[1]) text = bracketed[1].trim();
  text = text.replace(/^mailto:/i, '').toLowerCase();
  if (!EMAIL.test(text) || text.includes('..')) return { ok: false, reason: 'invalid-email' };
  return { ok: true, value: text };
}

const INSTAGRAM_HANDLE = /^[a-z0-9._]{1,30}$/;

/** Normalizes an Instagram handle from `@name`, `name` or a profile URL, without `@`, lower-cased. */
export function normalizeInstagram(raw: string): NormalizeResult {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const url = /^(?:https?:\/\/)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)\/([^/?#]+)/i.exec(text);
  if (url?.[1]) text = url[1];
  text = text.replace(/^@/, '').toLowerCase();
  if (!INSTAGRAM_HANDLE.test(text) || text.startsWith('.') || text.endsWith('.')) {
    return { ok: false, reason: 'invalid-instagram-handle' };
  }
  return { ok: true, value: text };
}

/** Normalizes a raw value for a channel. Unknown channels keep their trimmed text. */
export function normalizeIdentifier(
  kind: ChannelKind,
  raw: string,
  options: NormalizeOptions = {},
): NormalizeResult {
  if (PHONE_CHANNELS.has(kind)) return normalizePhone(raw, options);
  if (kind === 'email') return normalizeEmail(raw);
  if (kind === 'instagram') return normalizeInstagram(raw);
  const text = raw.trim();
  return text === '' ? { ok: false, reason: 'empty' } : { ok: true, value: text };
}

/**
 * Returns the deduplication key of an identifier. Phone, WhatsApp and SMS
 * numbers share the `phone:` space because they are the same number.
 */
export function identifierKey(identifier: Pick<ContactIdentifier, 'kind' | 'value'>): string {
  const space = PHONE_CHANNELS.has(identifier.kind) ? 'phone' : identifier.kind;
  const value = identifier.kind === 'email' || identifier.kind === 'instagram'
    ? identifier.value.toLowerCase()
    : identifier.value;
  return `${space}:${value}`;
}

let callingCodes: ReadonlySet<string> | undefined;

/**
 * Returns the digits after the country calling code of a number written in
 * international form (`+44 7700 900123` gives `7700900123`), or undefined
 * when it has no `+` or starts with no country's code. Calling codes are a
 * prefix code, so at most one of the first three digits' prefixes is one.
 */
export function nationalDigits(value: string): string | undefined {
  const text = value.trim();
  if (!text.startsWith('+')) return undefined;
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));

  const digits = text.replace(/\D/g, '');
  for (let length = 1; length <= 3 && length < digits.length; length++) {
    if (callingCodes.has(digits.slice(0, length))) return digits.slice(length);
  }
  return undefined;
}

/** Returns the distinct deduplication keys of a user's identifiers. */
export function identifierKeys(identifiers: readonly ContactIdentifier[]): string[] {
  return [...new Set(identifiers.map(identifierKey))];
}
