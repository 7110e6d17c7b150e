import { normalizeEmail } from '../model/identifiers.js';
import type { FieldType } from '../model/types.js';
import type { ColumnMapping, SourceColumn, SystemField } from './types.js';

/**
 * Canonical form of a header for matching: accents, letter case,
 * punctuation and numbering removed, so `E-mail 2 Address`, `e_mail address`
 * and `Correo electrónico` compare by their words.
 */
export function canonicalHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '' && !/^\d+$/.test(word))
    .join(' ');
}

// Headers that name a person, in English and the other languages of the
// exports this kit meets, plus the exact headers of Google Contacts, Outlook,
// HubSpot, Mailchimp and LinkedIn exports.
const FULL_NAME = words(
  'name|full name|fullname|display name|contact name|contact|customer name|client name|your name|person|' +
    'nome|nome completo|nombre completo|nombre y apellidos|nom complet|nom et prenom|prenom et nom|prenom nom|' +
    'vollstandiger name|vollstaendiger name|kontaktname|nome e cognome|nominativo|volledige naam|naam',
);
const FIRST_NAME = words(
  'first name|firstname|first|given name|givenname|forename|fname|christian name|' +
    'nombre de pila|primer nombre|primeiro nome|prenom|vorname|nome proprio|voornaam|roepnaam',
);
const LAST_NAME = words(
  'last name|lastname|last|surname|family name|familyname|lname|' +
    'apellido|apellidos|primer apellido|sobrenome|apelido|ultimo nome|nom de famille|nachname|familienname|cognome|achternaam',
);
/** Headers that mean the first name when a last-name column exists, and the full name otherwise. */
const FIRST_OR_FULL = words('name|nome|nombre|naam');
/** French `Nom` is the surname beside `Prénom`, and the full name alone. */
const LAST_OR_FULL = words('nom');

const EMAIL_WORDS = words('email|mail|correo|courriel|emailadresse|mailadresse|epost|eposta');
const EMAIL_PHRASES = words('e mail|posta elettronica|endereco de email|adresse electronique');
const PHONE_WORDS = words(
  'phone|telephone|tel|tlf|mobile|cell|cellphone|cellular|mobil|handy|telefon|telefono|telefone|telefoon|mobiel|movil|celular|portable|cellulare|gsm|fone|telefonnummer|telefoonnummer|handynummer|mobilnummer|msisdn',
);
/** Words that make a phone-like header another kind of number, or someone else's. */
const NOT_A_CONTACT_PHONE = words('fax|pager|telex|tty|tdd|callback|assistant|assistants|radio');
const WHATSAPP_PHRASES = words('whatsapp|whats app|wa|wa number|zap|zapzap');
const INSTAGRAM_WORDS = words('instagram|insta|ig');
/** Words after which a column is about an address's settings, not an address. */
const NOT_AN_ADDRESS = words('opt|optin|optout|opted|consent|subscribed|subscription|status|type|label|verified|bounce|bounced|format|permission|preference|preferences|rating');

const DATE_WORDS = words(
  'birthday|birthdate|dob|born|date|datum|fecha|created|updated|joined|signup|signed|since|anniversary|geburtstag|geburtsdatum|' +
    'anniversaire|naissance|nascimento|aniversario|compleanno|cumpleanos|verjaardag|geboortedatum|alta|connected|registered|time|timestamp',
);
const TAG_WORDS = words('tags|tag|labels|etiquetas|etiqueta|etiquettes|groups|group|membership|categories|category|kategorie|kategorien|segments|segment|lists|interests');
const BOOLEAN_WORDS = words('subscribed|unsubscribed|opt|optin|optout|opted|consent|gdpr|active|vip|verified');
const NUMBER_WORDS = words('age|score|rating|points|amount|count|quantity|edad|idade|alter|eta|leeftijd|total|balance|revenue|member');
/** Words of columns that stay text whatever their values look like: codes and ids are digits, not numbers. */
const TEXT_WORDS = words('zip|postal|postcode|plz|cep|cap|id|code|number|no|nr|external|iban|vat|url|website|address|street|city');

function words(list: string): ReadonlySet<string> {
  return new Set(list.split('|'));
}

interface HeaderMatch {
  field: SystemField;
  /** Set for a header whose name field depends on the other columns. */
  ambiguous?: 'first-or-full' | 'last-or-full';
  /** Set for codes, ids and addresses, which stay text whatever their values look like. */
  textOnly?: boolean;
}

/** Matches one header by its words; attribute types are only a hint the values may overrule. */
export function matchHeader(header: string): HeaderMatch | undefined {
  const canonical = canonicalHeader(header);
  if (canonical === '') return undefined;
  const tokens = canonical.split(' ');
  const has = (set: ReadonlySet<string>) => tokens.some((token) => set.has(token));

  if (FIRST_OR_FULL.has(canonical)) return { field: 'fullName', ambiguous: 'first-or-full' };
  if (LAST_OR_FULL.has(canonical)) return { field: 'fullName', ambiguous: 'last-or-full' };
  if (FULL_NAME.has(canonical)) return { field: 'fullName' };
  if (FIRST_NAME.has(canonical)) return { field: 'firstName' };
  if (LAST_NAME.has(canonical)) return { field: 'lastName' };

  if (WHATSAPP_PHRASES.has(canonical) || tokens.includes('whatsapp') || canonical.includes('whats app')) return { field: 'whatsapp' };
  if (has(INSTAGRAM_WORDS)) return has(NOT_AN_ADDRESS) ? { field: 'text' } : { field: 'instagram' };
  if (has(EMAIL_WORDS) || [...EMAIL_PHRASES].some((phrase) => canonical.includes(phrase))) {
    return has(NOT_AN_ADDRESS) ? attributeHint(tokens) : { field: 'email' };
  }
  if (has(PHONE_WORDS) || tokens.some((token) => token.startsWith('telefon'))) {
    if (has(NOT_A_CONTACT_PHONE) || canonical.includes('company main')) return { field: 'text', textOnly: true };
    return { field: 'phone' };
  }
  return attributeHint(tokens);
}

function attributeHint(tokens: string[]): HeaderMatch {
  const has = (set: ReadonlySet<string>) => tokens.some((token) => set.has(token));
  if (has(BOOLEAN_WORDS)) return { field: 'boolean' };
  if (has(DATE_WORDS)) return { field: 'date' };
  if (has(TAG_WORDS)) return { field: 'tags' };
  if (has(TEXT_WORDS)) return { field: 'text', textOnly: true };
  if (has(NUMBER_WORDS)) return { field: 'number' };
  return { field: 'text' };
}

/** Share of values of each kind in a column's samples. */
export interface ValueProfile {
  count: number;
  email: number;
  phone: number;
  instagram: number;
  date: number;
  number: number;
  boolean: number;
}

const PHONE_SHAPE = /^(?:tel:)?\s*(?:\+|00)?[\d\s().\-/]{6,}(?:\s*(?:ext\.?|x|#)\s*\d+)?$/i;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;
const DATE_SHAPE = /^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+Z?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;
const NUMBER_SHAPE = /^[+-]?(?:\d+|\d{1,3}(?:[.,\s']\d{3})+)(?:[.,]\d+)?$/;
const BOOLEAN_VALUES = words('true|false|yes|no|y|n|si|sim|nao|oui|non|ja|nein|wahr|falsch|vero|falso|verdadero|1|0|x');
const INSTAGRAM_SHAPE = /^(?:@[a-z0-9._]{1,30}|(?:https?:\/\/)?(?:www\.)?instagram\.com\/[^/?#\s]+\/?)$/i;

/** Profiles sample values: how many read as e-mails, phones, handles, dates, numbers, yes/no. */
export function profileValues(samples: readonly string[]): ValueProfile {
  const profile: ValueProfile = { count: 0, email: 0, phone: 0, instagram: 0, date: 0, number: 0, boolean: 0 };
  for (const raw of samples) {
    const value = raw.trim();
    if (value === '') continue;
    profile.count++;
    if (normalizeEmail(value.split(/\s*:::\s*/)[0] ?? '').ok) profile.email++;
    if (INSTAGRAM_SHAPE.test(value)) profile.instagram++;
    if (DATE_SHAPE.test(value)) profile.date++;
    else if (looksLikePhone(value)) profile.phone++;
    if (NUMBER_SHAPE.test(value)) profile.number++;
    if (BOOLEAN_VALUES.has(value.toLowerCase())) profile.boolean++;
  }
  return profile;
}

/**
 * True for a value shaped like a phone number: a `+` or `00` prefix, or
 * separators, or 10 to 15 digits. A number Excel turned into scientific
 * notation counts too, so its column is still Phone and the import rejects
 * each such cell with that reason.
 */
function looksLikePhone(value: string): boolean {
  if (SCIENTIFIC.test(value.replace(/\s/g, ''))) return true;
  const first = value.split(/\s*:::\s*/)[0] ?? '';
  if (!PHONE_SHAPE.test(first)) return false;
  const digits = first.replace(/\D/g, '').length;
  if (digits < 7 || digits > 17) return false;
  return /^\s*(?:tel:)?\s*(?:\+|00|\()/.test(first) || /\d[\s.\-/]\d/.test(first) || digits >= 10;
}

/** Share of sample values that must agree before they decide a column's field. */
const MAJORITY = 0.8;

/**
 * Decides a column's field from its header match and its values. Values
 * win where they are unambiguous: a column of e-mail addresses is Email
 * whatever its header, and a column of phone numbers under a name or an
 * unknown header is Phone. An identifier header over values that are not
 * that identifier keeps its field, so the preview marks the bad cells.
 */
function decideField(match: HeaderMatch | undefined, profile: ValueProfile): { field: SystemField; by: 'header' | 'values' } {
  const share = (count: number) => (profile.count === 0 ? 0 : count / profile.count);
  const header = match?.field;

  if (profile.count > 0 && share(profile.email) >= MAJORITY) return { field: 'email', by: header === 'email' ? 'header' : 'values' };
  const loose = header === undefined || (header === 'text' && !match?.textOnly) || header === 'fullName';
  if (profile.count > 0 && share(profile.phone) >= MAJORITY && (loose || header === 'number')) {
    return { field: 'phone', by: 'values' };
  }
  if (profile.count > 0 && share(profile.instagram) >= MAJORITY && (header === undefined || (header === 'text' && !match?.textOnly))) {
    return { field: 'instagram', by: 'values' };
  }

  if (header && header !== 'text' && header !== 'date' && header !== 'number' && header !== 'boolean') {
    return { field: header, by: 'header' };
  }
  if (profile.count === 0) return { field: 'ignore', by: 'values' };

  // Attribute hints from the header stand only when the values agree.
  if (header === 'date' && share(profile.date) >= 0.5) return { field: 'date', by: 'header' };
  if (header === 'boolean' && share(profile.boolean) >= MAJORITY) return { field: 'boolean', by: 'header' };
  if (header === 'number' && share(profile.number) >= MAJORITY) return { field: 'number', by: 'header' };
  if (match?.textOnly) return { field: 'text', by: 'header' };
  if (share(profile.date) >= MAJORITY) return { field: 'date', by: 'values' };
  if (share(profile.boolean) >= 0.9 && profile.count >= 2) return { field: 'boolean', by: 'values' };
  return { field: 'text', by: header ? 'header' : 'values' };
}

const ATTRIBUTE_TYPES: Partial<Record<SystemField, FieldType>> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  tags: 'tags',
};

/** Returns the attribute data type a field implies: its own for attribute fields, `text` for the rest. */
export function fieldType(field: SystemField): FieldType {
  return ATTRIBUTE_TYPES[field] ?? 'text';
}

/**
 * Suggests a mapping for every column, from its header and then its values
 * (`detectionSamples`, per column). At most one column each becomes Full
 * Name, First Name and Last Name; further ones become text. Google's
 * `Phone 1 - Label` columns label the identifiers of their `- Value` column.
 */
export function suggestMapping(columns: readonly SourceColumn[], detectionSamples: readonly (readonly string[])[]): ColumnMapping[] {
  const matches = columns.map((column) => matchHeader(column.header));
  const labelColumns = findLabelColumns(columns);

  const mapping = columns.map((column, index): ColumnMapping => {
    const labelled = labelColumns.get(index);
    if (labelled === 'label') {
      return baseMapping(column, 'ignore', 'header');
    }
    const profile = profileValues(detectionSamples[index] ?? []);
    const match = matches[index];
    const decided = decideField(match, profile);
    const result = baseMapping(column, decided.field, decided.by);
    if (typeof labelled === 'number') result.labelColumn = labelled;
    return result;
  });

  resolveNameFields(mapping, matches);
  return assignKeys(mapping);
}

function baseMapping(column: SourceColumn, field: SystemField, by: 'header' | 'values'): ColumnMapping {
  return { column: column.index, field, type: fieldType(field), label: column.label, description: '', key: '', matchedBy: by };
}

/**
 * Pairs `X - Label` (or `X - Type`) columns with their `X - Value` column.
 * Returns, per column index, `label` for a label column, or the index of
 * the label column for a value column.
 */
function findLabelColumns(columns: readonly SourceColumn[]): Map<number, 'label' | number> {
  const result = new Map<number, 'label' | number>();
  const valueColumns = new Map<string, number>();
  for (const column of columns) {
    const match = /^(.*\S)\s*-\s*value$/i.exec(column.header);
    if (match?.[1]) valueColumns.set(match[1].toLowerCase(), column.index);
  }
  for (const column of columns) {
    const match = /^(.*\S)\s*-\s*(?:label|type)$/i.exec(column.header);
    const valueIndex = match?.[1] ? valueColumns.get(match[1].toLowerCase()) : undefined;
    if (valueIndex === undefined) continue;
    result.set(column.index, 'label');
    result.set(valueIndex, column.index);
  }
  return result;
}

/** Settles ambiguous name headers and keeps one column per name field. */
function resolveNameFields(mapping: ColumnMapping[], matches: readonly (HeaderMatch | undefined)[]): void {
  const hasLast = mapping.some((entry) => entry.field === 'lastName');
  const hasFirst = mapping.some((entry) => entry.field === 'firstName');

  mapping.forEach((entry, index) => {
    if (entry.field !== 'fullName' || entry.matchedBy !== 'header') return;
    const ambiguous = matches[index]?.ambiguous;
    if (ambiguous === 'first-or-full' && hasLast && !hasFirst) setField(entry, 'firstName');
    if (ambiguous === 'last-or-full' && hasFirst && !hasLast) setField(entry, 'lastName');
  });

  for (const field of ['fullName', 'firstName', 'lastName'] as const) {
    const columns = mapping.filter((entry) => entry.field === field);
    for (const extra of columns.slice(1)) setField(extra, 'text');
  }
}

function setField(entry: ColumnMapping, field: SystemField): void {
  entry.field = field;
  entry.type = fieldType(field);
}

/** Gives every column a distinct attribute key made from its label: `Signed up` is `signed_up`. */
export function assignKeys(mapping: ColumnMapping[]): ColumnMapping[] {
  const taken = new Set<string>();
  for (const entry of mapping) {
    const base = attributeKey(entry.label) || `column_${entry.column + 1}`;
    let key = base;
    for (let repeat = 2; taken.has(key); repeat++) key = `${base}_${repeat}`;
    taken.add(key);
    entry.key = key;
  }
  return mapping;
}

/** Turns a label into an attribute key: ASCII letters, digits and underscores. */
export function attributeKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
