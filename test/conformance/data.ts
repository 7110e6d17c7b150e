/**
 * A seeded generator of fictional users for the conformance suite. The same
 * seed always yields the same inputs, so a failure can be replayed.
 *
 * Every phone number is in a range reserved for fiction or documentation:
 * UK +44 7700 900000–900999 and US +1 NPA 555-0100–0199. Every e-mail
 * address is at example.com, example.org or example.net. The names are
 * common given names and surnames combined at random.
 */
import type { ChannelKind, ChannelPreference, ContactIdentifier, UserInput, UserSource } from '../../src/model/types.js';

export type Random = () => number;

/** Returns a mulberry32 generator: small, fast and good enough for test data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns an integer from `min` to `max`, both included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list.');
  return item;
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** Shuffles a copy of `items` (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** A name in its own script with the ASCII spelling used for e-mails and handles. */
interface NamePart {
  text: string;
  ascii: string;
}

interface NameSet {
  first: NamePart[];
  last: NamePart[];
  /** Scripts that write the family name first without a space keep the full name only. */
  fullNameOnly?: boolean;
}

function parts(list: string): NamePart[] {
  return list.split(',').map((entry) => {
    const [text, ascii] = entry.split('|');
    return { text: text ?? '', ascii: ascii ?? text ?? '' };
  });
}

const NAME_SETS: NameSet[] = [
  {
    first: parts('Olivia,Liam,Emma,Noah,Ava,Oliver,Mia,Elijah,Harper,Lucas,Grace,Henry'),
    last: parts('Smith,Johnson,Brown,Taylor,Walker,Wright,Green,Hall,Clarke,Young,van der Berg|vanderberg'),
  },
  {
    first: parts(
      'Zoé|zoe,Chloé|chloe,Hélène|helene,José|jose,María|maria,Inês|ines,João|joao,Jürgen|jurgen,' +
        'Łukasz|lukasz,Çağla|cagla,Renée|renee,Søren|soren,Jean-Luc|jeanluc,Anne-Marie|annemarie,María José|mariajose',
    ),
    last: parts(
      'García|garcia,Müller|muller,Gonçalves|goncalves,Dvořák|dvorak,Kowalczyk,Lefèvre|lefevre,' +
        "Núñez|nunez,Šimková|simkova,Nguyễn|nguyen,Yılmaz|yilmaz,O'Brien|obrien,Ødegård|odegard",
    ),
  },
  {
    first: parts('Иван|ivan,Ольга|olga,Дмитрий|dmitriy,Анна|anna,Сергей|sergey,Наталья|natalya,Алексей|aleksey,Юлия|yuliya'),
    last: parts('Петров|petrov,Смирнова|smirnova,Кузнецов|kuznetsov,Соколова|sokolova,Попов|popov,Волкова|volkova'),
  },
  {
    first: parts('Νίκος|nikos,Ελένη|eleni,Γιώργος|giorgos,Μαρία|maria,Δημήτρης|dimitris'),
    last: parts('Παπαδόπουλος|papadopoulos,Οικονόμου|oikonomou,Γεωργίου|georgiou'),
  },
  {
    first: parts('فاطمة|fatima,محمد|mohammed,ليلى|layla,عمر|omar'),
    last: parts('الحسن|alhassan,منصور|mansour,حداد|haddad'),
  },
  {
    first: parts('נועה|noa,דוד|david,מאיה|maya'),
    last: parts('כהן|cohen,לוי|levi'),
  },
  {
    first: parts('प्रिया|priya,अर्जुन|arjun,अनन्या|ananya,राहुल|rahul'),
    last: parts('शर्मा|sharma,पटेल|patel,वर्मा|verma'),
  },
  {
    first: parts('伟|wei,芳|fang,秀英|xiuying,민준|minjun,서연|seoyeon'),
    last: parts('王|wang,李|li,张|zhang,김|kim,이|lee'),
    fullNameOnly: true,
  },
  {
    first: parts('花子|hanako,さくら|sakura,翔太|shota'),
    last: parts('佐藤|sato,鈴木|suzuki,高橋|takahashi'),
    fullNameOnly: true,
  },
];

/** US area codes used with the fictional 555-0100–0199 numbers. */
const US_AREA_CODES = [
  201, 202, 206, 212, 213, 214, 215, 216, 224, 225, 234, 239, 240, 248, 251, 252, 253, 254, 256, 303,
  305, 312, 404, 415, 503, 512, 602, 615, 617, 702, 713, 718, 805, 917,
];

const E_MAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
const CITIES = ['Leeds', 'Lyon', 'Porto', 'Kraków', 'Osaka', 'Pune', 'Haifa', 'Αθήνα'];
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** Phone numbers in E.164, every one in a reserved fictional range. */
export function fictionalPhoneNumbers(): string[] {
  const numbers: string[] = [];
  for (let n = 0; n < 1000; n++) numbers.push(`+447700900${String(n).padStart(3, '0')}`);
  for (const area of US_AREA_CODES) {
    for (let n = 100; n < 200; n++) numbers.push(`+1${area}5550${n}`);
  }
  return numbers;
}

/** Writes an E.164 number the way people type it, so providers must normalize it. */
function formatPhone(random: Random, e164: string): string {
  if (e164.startsWith('+44')) {
    const national = e164.slice(3);
    return pick(random, [
      e164,
      `+44 ${national.slice(0, 4)} ${national.slice(4)}`,
      `0044 ${national.slice(0, 4)} ${national.slice(4)}`,
      `+44 (0)${national.slice(0, 4)} ${national.slice(4)}`,
    ]);
  }
  const area = e164.slice(2, 5);
  const exchange = e164.slice(5, 8);
  const line = e164.slice(8);
  return pick(random, [e164, `+1 ${area}-${exchange}-${line}`, `+1 (${area}) ${exchange}-${line}`, `001 ${area} ${exchange} ${line}`]);
}

function mixCase(random: Random, text: string): string {
  if (!chance(random, 0.25)) return text;
  return text.replace(/(^|[._@])([a-z])/g, (_match, separator: string, letter: string) => separator + letter.toUpperCase());
}

export interface GenerateOptions {
  count: number;
  seed: number;
  /** Ids of existing groups that users join, none to two each. */
  groupIds: readonly string[];
  /** Latest time any user is created or active, in epoch ms. */
  now: number;
}

/** Fixed "now" of generated data, so that runs on any day produce the same users. */
export const GENERATED_NOW = Date.UTC(2025, 5, 1, 12);

/**
 * Generates `count` user inputs with unique identifiers. The set contains
 * repeated names, identical creation days and activity hours so that sort
 * ties occur, users without a phone, primary channel or activity, every
 * source type, and identifiers written in non-normalized forms.
 */
export function generateUsers(options: GenerateOptions): UserInput[] {
  const random = createRandom(options.seed);
  const phones = shuffled(random, fictionalPhoneNumbers());
  const users: UserInput[] = [];

  const takePhone = (): string => {
    const phone = phones.pop();
    if (phone === undefined) throw new Error(`Only ${fictionalPhoneNumbers().length} fictional numbers exist; ask for fewer users.`);
    return phone;
  };

  for (let index = 0; index < options.count; index++) {
    const names = generateNames(random, users, index);
    const identifiers = generateIdentifiers(random, names.ascii, index, takePhone);
    const user: UserInput = { ...names.input, identifiers };

    const kinds = [...new Set(identifiers.map((identifier) => identifier.kind))];
    if (chance(random, 0.7)) user.primaryChannel = pick(random, kinds);
    user.preferences = generatePreferences(random, kinds);

    const source = generateSource(random);
    if (source) user.source = source;
    user.groupIds = shuffled(random, options.groupIds).slice(0, randomInt(random, 0, 2));
    if (chance(random, 0.3)) user.attributes = { city: pick(random, CITIES) };

    const createdAt = options.now - randomInt(random, 1, 730) * DAY;
    user.createdAt = createdAt;
    if (chance(random, 0.15)) user.lastActivityAt = null;
    else user.lastActivityAt = createdAt + randomInt(random, 0, Math.floor((options.now - createdAt) / HOUR)) * HOUR;

    users.push(user);
  }
  return users;
}

function generateNames(
  random: Random,
  earlier: readonly UserInput[],
  index: number,
): { input: Pick<UserInput, 'name' | 'firstName' | 'lastName'>; ascii: [string, string] } {
  // Every 40th user copies an earlier user's name so that name sorting meets exact ties.
  const copied = index > 0 && index % 40 === 0 ? earlier[Math.floor(random() * earlier.length)] : undefined;
  const set = pick(random, NAME_SETS);
  const first = pick(random, set.first);
  const last = pick(random, set.last);
  const ascii: [string, string] = [first.ascii.toLowerCase(), last.ascii.toLowerCase()];

  if (copied) {
    const input: Pick<UserInput, 'name' | 'firstName' | 'lastName'> = {};
    if (copied.name !== undefined) input.name = copied.name;
    if (copied.firstName !== undefined) input.firstName = copied.firstName;
    if (copied.lastName !== undefined) input.lastName = copied.lastName;
    return { input, ascii };
  }
  if (set.fullNameOnly) {
    const spaced = chance(random, 0.5);
    return { input: { name: spaced ? `${last.text} ${first.text}` : `${last.text}${first.text}` }, ascii };
  }
  if (chance(random, 0.5)) return { input: { firstName: first.text, lastName: last.text }, ascii };
  return { input: { name: `${first.text} ${last.text}` }, ascii };
}

function generateIdentifiers(
  random: Random,
  [first, last]: [string, string],
  index: number,
  takePhone: () => string,
): ContactIdentifier[] {
  const identifiers: ContactIdentifier[] = [];
  let phone: string | undefined;

  if (chance(random, 0.6)) {
    phone = takePhone();
    identifiers.push({ kind: 'phone', value: formatPhone(random, phone) });
  }
  if (chance(random, 0.35)) {
    const number = phone && chance(random, 0.5) ? phone : takePhone();
    identifiers.push({ kind: 'whatsapp', value: formatPhone(random, number) });
  }
  if (chance(random, 0.08)) identifiers.push({ kind: 'sms', value: formatPhone(random, takePhone()) });
  if (chance(random, 0.6) || identifiers.length === 0) {
    const local = chance(random, 0.7) ? `${first}.${last}${index}` : `${first}${index}`;
    identifiers.push({ kind: 'email', value: mixCase(random, `${local}@${pick(random, E_MAIL_DOMAINS)}`) });
  }
  if (chance(random, 0.25)) {
    const handle = chance(random, 0.5) ? `${first}_${last}${index}` : `${first}.${index}`;
    const written = pick(random, [handle, `@${handle}`, `https://www.instagram.com/${handle}/`, handle.toUpperCase()]);
    identifiers.push({ kind: 'instagram', value: written });
  }
  // A channel a host added: the provider keeps its trimmed value.
  if (chance(random, 0.03)) identifiers.push({ kind: 'telegram', value: `tg_${first}${index}` });

  return shuffled(random, identifiers);
}

function generatePreferences(random: Random, kinds: readonly ChannelKind[]): Record<string, ChannelPreference> {
  const preferences: Record<string, ChannelPreference> = {};
  for (const kind of kinds) {
    if (chance(random, 0.5)) preferences[kind] = chance(random, 0.8) ? 'opted-in' : 'opted-out';
  }
  return preferences;
}

function generateSource(random: Random): UserSource | undefined {
  const roll = random();
  if (roll < 0.35) return undefined;
  if (roll < 0.7) return { type: 'internal' };
  if (roll < 0.9) return { type: 'import', importId: pick(random, ['import-a', 'import-b']) };
  return { type: 'integration', name: pick(random, ['crm', 'shop']) };
}

/** Group names of the generated data set. */
export const GENERATED_GROUP_NAMES = ['Newsletter', 'VIP', 'Trade fair 2024', 'Support', 'Beta testers', 'Inactive'];
