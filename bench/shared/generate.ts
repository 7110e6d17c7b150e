/**
 * Deterministic fictional contacts for the benchmarks, shared by the Node
 * side (CSV and .xlsx files) and the bench page (users seeded into
 * IndexedDB). The same seed always gives the same data, so runs compare.
 *
 * Phones come only from ranges reserved for fiction: the UK's
 * +44 7700 900000–900999 and North America's +1 NPA 555-0100–0199. E-mail
 * addresses use example.com.
 */

/** Returns a PRNG (mulberry32) yielding floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Ana', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Fatima', 'Giulia', 'Hiroshi', 'Ingrid', 'Jamal',
  'Kalani', 'Lucía', 'Mateo', 'Nadia', 'Oluwaseun', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás',
  'Uma', 'Valentina', 'Wei', 'Ximena', 'Yusuf', 'Zoë', 'Aiko', 'Björn', 'Camille', 'Darius',
  'Esther', 'François', 'Gabriel', 'Hana', 'Ibrahim', 'Joana', 'Kenji', 'Leila', 'Marco', 'Ngozi',
  'Olga', 'Pablo', 'Rania', 'Sven', 'Tanvir', 'Ursula', 'Vikram', 'Wanda', 'Yara', 'Łukasz',
  'Amara', 'Bruno', 'Carmen', 'Diego', 'Emma', 'Farah', 'Greta', 'Hugo', 'Isla', 'Jonas',
  'Kofi', 'Lena', 'Miguel', 'Noor', 'Oscar', 'Paula', 'Rafael', 'Sara', 'Thiago', 'Vera',
  'Anika', 'Benedikt', 'Celia', 'Duc', 'Eun-ji', 'Felipe', 'Gül', 'Henrik', 'Irene', 'Javier',
  'Kiri', 'Liam', 'Maya', 'Nikolai', 'Oren', 'Pilar', 'Ruth', 'Samir', 'Tariq', 'Valeria',
];

const LAST_NAMES = [
  'Lima', 'Ode', 'Martin', 'Ivanov', 'Yılmaz', 'Haddad', 'Rossi', 'Tanaka', 'Larsen', 'Okafor',
  'Kahale', 'García', 'Fernández', 'Petrova', 'Adeyemi', 'Sharma', 'Dubois', 'Moreno', 'Nielsen', 'Silva',
  'Patel', 'Romano', 'Zhang', 'Hernández', 'Demir', 'Müller', 'Sato', 'Andersson', 'Lefèvre', 'Karimi',
  'Cohen', 'Girard', 'Costa', 'Novak', 'Rahman', 'Prado', 'Watanabe', 'Mansour', 'Bianchi', 'Eze',
  'Kowalski', 'Ruiz', 'Aziz', 'Berg', 'Chowdhury', 'Schmidt', 'Reddy', 'Nowak', 'Saleh', 'Wiśniewski',
  'Mensah', 'Santos', 'López', 'Torres', 'Weber', 'Hussain', 'Fischer', 'Laurent', 'Campbell', 'Jansen',
  'Boateng', 'Becker', 'Gómez', 'Qureshi', 'Lindqvist', 'Ferreira', 'Navarro', 'Öztürk', 'Pereira', 'Horvat',
  'Nguyen', 'Kim', 'Park', 'Choi', 'Tran', 'Le', 'Pham', 'Ahmed', 'Ali', 'Khan',
  'O’Brien', 'MacLeod', 'Van Dijk', 'De Luca', 'St. John', 'Al-Sayed', 'Ben-David', 'Da Silva', 'Von Berg', 'Ng',
];

const CITIES = [
  'Lisbon', 'Lagos', 'Osaka', 'Porto Alegre', 'Kraków', 'Washington, D.C.', 'Montréal', 'Nairobi',
  'São Paulo', 'Reykjavík', 'Chennai', 'Zürich', 'Cape Town', 'Düsseldorf', 'Auckland', 'Bogotá',
];

/** North American area codes that are valid in form (first digit 2–9, not N11 or N9X). */
function areaCodes(): number[] {
  const codes: number[] = [];
  for (let npa = 200; npa <= 999; npa++) {
    const middle = Math.floor(npa / 10) % 10;
    if (middle === 9 || npa % 100 === 11) continue;
    codes.push(npa);
  }
  return codes;
}

/** Every fictional phone number the generator can hand out, written as people type them. */
function phonePool(): string[] {
  const pool: string[] = [];
  for (let n = 0; n < 1000; n++) pool.push(`+44 7700 900${String(n).padStart(3, '0')}`);
  for (const npa of areaCodes()) {
    for (let line = 100; line < 200; line++) pool.push(`+1 ${npa} 555-0${line}`);
  }
  return pool;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Returns a 32-bit hash of an integer (a variant of the murmur3 finalizer). */
function hashIndex(index: number, seed: number): number {
  let h = (index ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Returns the first and last name of person `index`, the same wherever it is asked. */
export function personName(index: number, seed = 7): [string, string] {
  const h = hashIndex(index, seed);
  return [FIRST_NAMES[h % FIRST_NAMES.length] as string, LAST_NAMES[(h >>> 8) % LAST_NAMES.length] as string];
}

/** Returns the unique e-mail address of person `index`. */
export function personEmail(index: number, seed = 7): string {
  const [first, last] = personName(index, seed);
  return `${asciiSlug(first)}.${asciiSlug(last)}.${index}@example.com`;
}

/** One generated contact row, every value as text. */
export interface ContactRow {
  fullName: string;
  phone: string;
  email: string;
  instagram: string;
  city: string;
  customerSince: string;
}

export const CONTACT_HEADERS = ['Full Name', 'Phone', 'Email', 'Instagram', 'City', 'Customer Since'] as const;

/** Share of rows that repeat an earlier row's e-mail in other letter case, to exercise deduplication. */
export const DUPLICATE_SHARE = 0.01;

/**
 * Yields `count` contact rows. About 70% of rows get a phone number while
 * the fictional pool lasts (72,200 numbers, so fewer at a million rows),
 * every number at most once; half get an Instagram handle; about 1% repeat
 * an earlier person's e-mail in other letter case.
 */
export function* contactRows(count: number, seed = 7): Generator<ContactRow> {
  const random = createRandom(seed);
  const phones = shuffle(phonePool(), random);
  const phoneShare = Math.min(0.7, phones.length / count);
  let nextPhone = 0;
  const epoch = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - epoch;

  for (let index = 0; index < count; index++) {
    const [first, last] = personName(index, seed);
    const duplicate = index > 100 && random() < DUPLICATE_SHARE;
    const email = duplicate ? personEmail(Math.floor(random() * index), seed).toUpperCase() : personEmail(index, seed);

    const phone = random() < phoneShare && nextPhone < phones.length ? (phones[nextPhone++] as string) : '';
    const handle = random() < 0.5 ? `${random() < 0.3 ? '@' : ''}${asciiSlug(first)}_${asciiSlug(last)}${index}` : '';
    const since = new Date(epoch + Math.floor(random() * span)).toISOString().slice(0, 10);

    yield {
      fullName: `${first} ${last}`,
      phone,
      email,
      instagram: handle,
      city: pick(CITIES, random),
      customerSince: since,
    };
  }
}

/** Quotes a CSV cell when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(row: ContactRow): string {
  return [row.fullName, row.phone, row.email, row.instagram, row.city, row.customerSince].map(csvCell).join(',');
}

/** A user to seed straight into a provider, identifiers already normalized. */
export interface SeedUser {
  id: string;
  name: string;
  identifiers: { kind: string; value: string }[];
  primaryChannel: string;
  createdAt: number;
  lastActivityAt: number | null;
}

const SEED_CHANNELS = ['email', 'instagram', 'phone', 'whatsapp', 'sms'] as const;

/** One seeded user in this many gets a phone number, while the pool lasts. */
const SEED_PHONE_EVERY = 14;

let e164Pool: string[] | undefined;

/** Returns the first seed index past the phone pool: seeded users from there on have no phone number. */
export function firstSeedWithoutPhone(): number {
  return phonePool().length * SEED_PHONE_EVERY;
}

/**
 * Returns seeded user `index`: a unique e-mail, an Instagram handle for half
 * of them, a fictional phone number for one in fourteen while the pool
 * lasts, spread-out creation and activity times, and one in ten without
 * activity. Ids sort in index order (`u0000042`).
 */
export function seedUser(index: number, seed = 7): SeedUser {
  e164Pool ??= phonePool().map((phone) => phone.replace(/[\s-]/g, ''));
  const h = hashIndex(index, seed ^ 0x5eed);
  const [first, last] = personName(index, seed);
  const identifiers: SeedUser['identifiers'] = [{ kind: 'email', value: personEmail(index, seed) }];
  if (h % 2 === 0) identifiers.push({ kind: 'instagram', value: `${asciiSlug(first)}_${asciiSlug(last)}${index}` });

  const phone = index % SEED_PHONE_EVERY === 0 ? e164Pool[index / SEED_PHONE_EVERY] : undefined;
  if (phone) identifiers.push({ kind: (['phone', 'whatsapp', 'sms'] as const)[(h >>> 4) % 3] as string, value: phone });

  const wanted = SEED_CHANNELS[(h >>> 8) % SEED_CHANNELS.length] as string;
  const primaryChannel = identifiers.some((id) => id.kind === wanted) ? wanted : (identifiers[identifiers.length - 1]?.kind as string);
  const createdAt = Date.UTC(2020, 0, 1) + (h % 1_000_000) * 100_000;
  const lastActivityAt = (h >>> 12) % 10 === 0 ? null : createdAt + ((h >>> 3) % 50_000) * 60_000;

  return {
    id: `u${String(index).padStart(7, '0')}`,
    name: `${first} ${last}`,
    identifiers,
    primaryChannel,
    createdAt,
    lastActivityAt,
  };
}
