/**
 * Realistic fictional users for the demo, generated from a seed so that the
 * same seed gives the same people.
 *
 * Nothing here can reach a real person. Phone numbers come only from ranges
 * reserved for drama and fiction: Ofcom's UK mobile range 07700 900000–900999
 * and the North American 555-0100–0199 in real US and Canadian area codes.
 * E-mail addresses are at example.com, example.net and example.org, which
 * RFC 2606 reserves. Names are common given names and surnames combined at
 * random.
 */
import { isDataError } from '../src/data/errors.js';
import type { IndexedDBProvider } from '../src/data/indexeddb/indexeddb-provider.js';
import type { ActivityBatch, ImportRecord, UserDataProvider } from '../src/data/provider.js';
import type {
  Attachment,
  ChannelKind,
  ContactIdentifier,
  Message,
  TicketStatus,
  UserInput,
  UserSource,
} from '../src/model/types.js';
import { encodePng, type Rgb } from './png.js';

export type Random = () => number;

/** Returns a mulberry32 generator: small, fast and good enough for sample data. */
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

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A name part in its own script and its ASCII spelling for e-mails and handles. */
interface NamePart {
  text: string;
  ascii: string;
}

interface NameSet {
  first: NamePart[];
  last: NamePart[];
  /** Name order: given name first (default), family name first with a space (Vietnamese), or family name first without one (Chinese, Japanese, Korean). */
  order?: 'family-given' | 'family-given-joined';
}

function parts(list: string): NamePart[] {
  return list.split(',').map((entry) => {
    const [text = '', ascii = text] = entry.split('|');
    return { text, ascii };
  });
}

const NAME_SETS: NameSet[] = [
  { first: parts('Olivia,Liam,Amelia,Noah,Grace,Oliver,Chloe,Jack'), last: parts('Smith,Johnson,Walker,Harris,Clarke,Lewis,Young,Wright') },
  { first: parts('Sofía|Sofia,Mateo,Lucía|Lucia,Santiago,Valentina,Diego,Camila,Javier'), last: parts('García|Garcia,Fernández|Fernandez,López|Lopez,Martínez|Martinez,Pérez|Perez,Sánchez|Sanchez,Ramírez|Ramirez,Torres') },
  { first: parts('Léa|Lea,Hugo,Chloé|Chloe,Étienne|Etienne,Manon,Théo|Theo,Inès|Ines,Gaëlle|Gaelle'), last: parts('Dubois,Lefèvre|Lefevre,Moreau,Girard,Bérard|Berard,Rousseau,Fontaine,Chevalier') },
  { first: parts('Jürgen|Juergen,Lena,Lukas,Anna,Maximilian,Sophie,Felix,Marie'), last: parts('Müller|Mueller,Schmidt,Schneider,Fischer,Weiß|Weiss,Becker,Hoffmann,Schäfer|Schaefer') },
  { first: parts('João|Joao,Ana,Pedro,Beatriz,Gabriel,Larissa,Rafael,Júlia|Julia'), last: parts('Silva,Santos,Oliveira,Souza,Conceição|Conceicao,Araújo|Araujo,Gonçalves|Goncalves,Ribeiro') },
  { first: parts('Zofia,Jakub,Małgorzata|Malgorzata,Piotr,Agnieszka,Łukasz|Lukasz,Katarzyna,Paweł|Pawel'), last: parts('Kowalski,Nowak,Wiśniewska|Wisniewska,Wójcik|Wojcik,Kamińska|Kaminska,Zieliński|Zielinski,Szymańska|Szymanska,Dąbrowski|Dabrowski') },
  { first: parts('Ömer|Omer,Zeynep,Mehmet,Elif,Mustafa,Ayşe|Ayse,Emre,Şeyma|Seyma'), last: parts('Yılmaz|Yilmaz,Kaya,Demir,Şahin|Sahin,Çelik|Celik,Yıldız|Yildiz,Öztürk|Ozturk,Aydın|Aydin') },
  { first: parts('Minh Anh|minhanh,Thu Trang|thutrang,Quốc Bảo|quocbao,Hoàng Long|hoanglong'), last: parts('Nguyễn|nguyen,Trần|tran,Lê|le,Phạm|pham'), order: 'family-given' },
  { first: parts('Олег|oleg,Анна|anna,Дмитрий|dmitry,Екатерина|ekaterina,Иван|ivan,Мария|maria'), last: parts('Иванов|ivanov,Смирнова|smirnova,Кузнецов|kuznetsov,Попова|popova,Соколов|sokolov,Лебедева|lebedeva') },
  { first: parts('Σοφία|sofia,Γιώργος|giorgos,Ελένη|eleni,Νίκος|nikos,Μαρία|maria,Δημήτρης|dimitris'), last: parts('Παπαδόπουλος|papadopoulos,Νικολάου|nikolaou,Γεωργίου|georgiou,Οικονόμου|oikonomou,Παππά|pappa,Βασιλείου|vasileiou') },
  { first: parts('محمد|mohammed,فاطمة|fatima,أحمد|ahmed,مريم|maryam,يوسف|yousef,ليلى|layla'), last: parts('الحسن|alhassan,العلي|alali,منصور|mansour,حداد|haddad,خليل|khalil,ناصر|nasser') },
  { first: parts('נועה|noa,דוד|david,מאיה|maya,יונתן|yonatan,תמר|tamar,אריאל|ariel'), last: parts('כהן|cohen,לוי|levi,מזרחי|mizrahi,פרץ|peretz,ביטון|biton,אברהם|avraham') },
  { first: parts('आरव|aarav,अनन्या|ananya,विहान|vihaan,दिया|diya,अर्जुन|arjun,प्रिया|priya'), last: parts('शर्मा|sharma,वर्मा|verma,गुप्ता|gupta,सिंह|singh,पटेल|patel,जोशी|joshi') },
  { first: parts('伟|wei,芳|fang,娜|na,敏|min,静|jing,磊|lei'), last: parts('王|wang,李|li,张|zhang,刘|liu,陈|chen,杨|yang'), order: 'family-given-joined' },
  { first: parts('太郎|taro,花子|hanako,健太|kenta,結衣|yui,翔|sho,美咲|misaki'), last: parts('山田|yamada,佐藤|sato,鈴木|suzuki,高橋|takahashi,田中|tanaka,伊藤|ito'), order: 'family-given-joined' },
  { first: parts('민준|minjun,서연|seoyeon,도윤|doyun,지우|jiwoo,하준|hajun,수아|sua'), last: parts('김|kim,이|lee,박|park,최|choi,정|jung,강|kang'), order: 'family-given-joined' },
  { first: parts('Amara,Chinedu,Ngozi,Oluwaseun,Adaeze,Tunde'), last: parts('Okafor,Adeyemi,Nwosu,Balogun,Eze,Okonkwo') },
  { first: parts('Baraka,Amani,Zawadi,Juma,Neema,Imani'), last: parts('Mwangi,Otieno,Wanjiru,Kamau,Njoroge,Achieng') },
  { first: parts('Søren|soren,Ingrid,Åsa|asa,Björn|bjorn,Freja,Magnus'), last: parts('Jørgensen|jorgensen,Lindqvist,Åberg|aberg,Nilsson,Halvorsen,Sørensen|sorensen') },
];

/** Real US and Canadian area codes; every number here is 555-0100–0199 within them. */
const NANP_AREA_CODES = (
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 ' +
  '252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 ' +
  '319 320 321 323 325 330 331 334 336 337 339 347 351 352 360 361 386 401 402 404 405 406 407 408 409 410 412 ' +
  '413 414 415 417 419 423 424 425 430 432 434 435 440 443 469 478 479 480 484 501 502 503 504 505 507 508 509 ' +
  '510 512 513 515 516 517 518 520 530 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 602 ' +
  '603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 660 661 662 ' +
  '678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 740 754 757 760 ' +
  '763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 ' +
  '831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 907 908 909 910 ' +
  '912 913 914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972 973 978 ' +
  '979 980 985 989 204 226 236 249 250 289 306 343 365 403 416 418 431 437 438 450 506 514 519 548 579 581 587 ' +
  '604 613 639 647 705 709 778 780 782 807 819 825 867 873 902 905'
).split(' ');

/** Every fictional number, UK first, in a fixed order. */
const PHONE_POOL: string[] = [
  ...Array.from({ length: 1000 }, (_, n) => `+447700900${String(n).padStart(3, '0')}`),
  ...NANP_AREA_CODES.flatMap((area) => Array.from({ length: 100 }, (_, n) => `+1${area}55501${String(n).padStart(2, '0')}`)),
];

/**
 * Writes a number the way people type it, so the normalization has work to
 * do. Every form keeps the country code: without a default country, a
 * national form such as `07700 900123` could be read as another country's.
 */
function typedPhone(random: Random, e164: string): string {
  if (e164.startsWith('+44')) return pick(random, [e164, `+44 7700 ${e164.slice(7)}`, `0044 7700 ${e164.slice(7)}`]);
  const digits = e164.slice(2);
  return pick(random, [e164, `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `+1 ${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`]);
}

const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const INTEGRATIONS = ['HubSpot', 'Salesforce', 'Shopify', 'Zendesk'];
const CITIES = ['Leeds', 'Lyon', 'Osaka', 'Lagos', 'Nairobi', 'Kraków', 'Porto', 'Izmir', 'Austin', 'Winnipeg'];
const PLANS = ['Free', 'Starter', 'Pro', 'Enterprise'];

/** Names of the groups the demo creates; users join some of them at random. */
export const SAMPLE_GROUPS = ['VIP customers', 'Newsletter', 'Beta testers', 'Support escalations', 'Spring campaign'];

export interface GenerateOptions {
  seed: number;
  /** Index of the first user, so several calls continue one sequence. */
  start?: number;
  /** Groups users may join. */
  groupIds?: string[];
  /** Latest time any generated event may have, in epoch ms; default now. */
  now?: number;
}

/** A generated user with the activity that goes with it. */
export interface SampleUser {
  input: UserInput & { id: string };
  /** Set when the user has conversations; its latest message time is the user's last activity. */
  activity?: ActivityPlan;
}

/** The seed of one user's activity, expanded by {@link generateActivity}. */
interface ActivityPlan {
  seed: number;
  channels: ChannelKind[];
  start: number;
  end: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** Generates `count` users; identifiers are unique across one seed's sequence. */
export function generateSampleUsers(count: number, options: GenerateOptions): SampleUser[] {
  const start = options.start ?? 0;
  const now = options.now ?? Date.now();
  const poolOrder = createRandom(options.seed ^ 0x5eed);
  const offset = Math.floor(poolOrder() * PHONE_POOL.length);

  return Array.from({ length: count }, (_, position) => {
    const n = start + position;
    const random = createRandom(options.seed * 7919 + n);
    const set = pick(random, NAME_SETS);
    const first = pick(random, set.first);
    const last = pick(random, set.last);
    const name =
      set.order === 'family-given-joined' ? `${last.text}${first.text}`
      : set.order === 'family-given' ? `${last.text} ${first.text}`
      : `${first.text} ${last.text}`;
    const ascii = `${first.ascii}.${last.ascii}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const tag = `${options.seed.toString(36)}${n.toString(36)}`;

    const identifiers: ContactIdentifier[] = [];
    const phone = n < PHONE_POOL.length ? PHONE_POOL[(offset + n) % PHONE_POOL.length] : undefined;
    if (phone) {
      const kind = pick(random, ['phone', 'whatsapp', 'whatsapp', 'sms'] as const);
      identifiers.push({ kind, value: typedPhone(random, phone), ...(random() < 0.3 ? { label: 'Mobile' } : {}) });
    }
    if (!phone || random() < 0.6) {
      identifiers.push({ kind: 'email', value: `${ascii}.${tag}@${pick(random, MAIL_DOMAINS)}` });
    }
    if (random() < 0.35) {
      const handle = ascii.replace(/\./g, '_').slice(0, 29 - tag.length);
      identifiers.push({ kind: 'instagram', value: `@${handle}_${tag}` });
    }

    const primaryChannel = pick(random, identifiers).kind;
    const preferences: Record<string, 'opted-in' | 'opted-out'> = {};
    for (const identifier of identifiers) preferences[identifier.kind] = random() < 0.85 ? 'opted-in' : 'opted-out';

    const source: UserSource = random() < 0.4 ? { type: 'integration', name: pick(random, INTEGRATIONS) } : { type: 'internal' };
    const createdAt = now - between(random, 30, 730) * DAY - between(random, 0, DAY);
    const hasActivity = random() < 0.85;
    const activity = hasActivity
      ? { seed: options.seed * 104729 + n, channels: [...new Set(identifiers.map((identifier) => conversationChannel(identifier.kind)))], start: createdAt, end: now }
      : undefined;

    const input: SampleUser['input'] = {
      id: `sample-${tag}`,
      name,
      firstName: first.text,
      lastName: last.text,
      identifiers,
      primaryChannel,
      preferences,
      source,
      groupIds: (options.groupIds ?? []).filter(() => random() < 0.2),
      attributes: { city: pick(random, CITIES), plan: pick(random, PLANS) },
      createdAt,
      lastActivityAt: activity ? lastMessageTime(activity) : null,
    };
    return activity ? { input, activity } : { input };
  });
}

function conversationChannel(kind: ChannelKind): ChannelKind {
  return kind === 'phone' ? 'sms' : kind;
}

const INBOUND = [
  'Hi! Is my order on its way?',
  'Can I change the delivery address?',
  'Thanks, that worked 👍',
  'Do you have this in a larger size?',
  '¿Tienen envío a Madrid?',
  'Bonjour, ma commande est arrivée abîmée.',
  'The app keeps logging me out.',
  'Could you send me the invoice again?',
];
const OUTBOUND = [
  'Hello! Let me check that for you.',
  'Your order left our warehouse this morning.',
  'I have updated the address on your order.',
  'Sorry about that. A replacement is on its way.',
  'Here is your invoice.',
  'Is there anything else I can help with?',
];
const TICKET_TITLES = ['Damaged parcel', 'Refund request', 'Login problem', 'Change of address', 'Invoice copy', 'Size exchange'];
const NOTE_TEXTS = ['Prefers WhatsApp after 6 pm.', 'Asked about the loyalty programme.', 'Called twice about the same parcel.', 'Happy with the replacement.'];
const TICKET_STATUSES: TicketStatus[] = ['open', 'pending', 'solved', 'closed'];

/** Time of the plan's last message, computed the same way {@link generateActivity} does. */
function lastMessageTime(plan: ActivityPlan): number {
  return messageTimes(plan).reduce((latest, times) => Math.max(latest, times.at(-1) ?? 0), plan.start);
}

/** Computes the send times of each conversation's messages, oldest first. */
function messageTimes(plan: ActivityPlan): number[][] {
  const random = createRandom(plan.seed);
  const conversations = between(random, 1, Math.min(3, plan.channels.length + 1));
  return Array.from({ length: conversations }, () => {
    let time = plan.start + Math.floor(random() * (plan.end - plan.start) * 0.9);
    return Array.from({ length: between(random, 2, 10) }, () => {
      time = Math.min(plan.end, time + between(random, 1, 240) * 60_000);
      return time;
    });
  });
}

/** Expands a user's activity: conversations with messages, attachments, tickets and notes. */
export function generateActivity(userId: string, plan: ActivityPlan): Required<ActivityBatch> {
  const random = createRandom(plan.seed ^ 0xac71);
  const batch: Required<ActivityBatch> = { conversations: [], messages: [], attachments: [], tickets: [], notes: [] };

  messageTimes(plan).forEach((times, index) => {
    const conversationId = `${userId}-c${index}`;
    const channel = plan.channels[index % plan.channels.length] ?? 'sms';
    batch.conversations.push({
      id: conversationId,
      userId,
      channel,
      startedAt: times[0] ?? plan.start,
      lastMessageAt: times.at(-1) ?? plan.start,
      messageCount: times.length,
    });
    times.forEach((sentAt, position) => {
      const direction = position % 2 === 0 ? 'inbound' : 'outbound';
      const message: Message = {
        id: `${conversationId}-m${position}`,
        conversationId,
        userId,
        channel,
        direction,
        text: pick(random, direction === 'inbound' ? INBOUND : OUTBOUND),
        sentAt,
      };
      if (direction === 'inbound' && random() < 0.15) {
        const attachment = sampleAttachment(random, `${message.id}-a`, userId, conversationId, sentAt);
        batch.attachments.push(attachment);
        message.attachmentIds = [attachment.id];
      }
      batch.messages.push(message);
    });
  });

  for (let n = between(random, 0, 2); n > 0; n--) {
    const createdAt = plan.start + Math.floor(random() * (plan.end - plan.start));
    batch.tickets.push({
      id: `${userId}-t${n}`,
      userId,
      title: pick(random, TICKET_TITLES),
      status: pick(random, TICKET_STATUSES),
      createdAt,
      updatedAt: Math.min(plan.end, createdAt + between(random, 0, 5) * DAY),
    });
  }
  for (let n = between(random, 0, 2); n > 0; n--) {
    batch.notes.push({
      id: `${userId}-n${n}`,
      userId,
      text: pick(random, NOTE_TEXTS),
      author: pick(random, ['Support team', 'Sales', 'Demo seed']),
      createdAt: plan.start + Math.floor(random() * (plan.end - plan.start)),
    });
  }
  return batch;
}

function sampleAttachment(random: Random, id: string, userId: string, conversationId: string, createdAt: number): Attachment {
  if (random() < 0.7) {
    const background: Rgb = [between(random, 60, 230), between(random, 60, 230), between(random, 60, 230)];
    const stripe: Rgb = [255 - background[0], 255 - background[1], 255 - background[2]];
    const width = 48;
    const png = encodePng(width, width, (x, y) => ((x + y) % 16 < 5 ? stripe : background));
    return { id, userId, conversationId, name: `photo-${id.slice(-6)}.png`, mediaType: 'image/png', size: png.byteLength, blob: new Blob([png], { type: 'image/png' }), createdAt };
  }
  const text = `Order reference ${between(random, 10000, 99999)}\nGenerated sample file.\n`;
  const bytes = new TextEncoder().encode(text);
  return { id, userId, conversationId, name: `receipt-${id.slice(-6)}.txt`, mediaType: 'text/plain', size: bytes.byteLength, blob: new Blob([bytes], { type: 'text/plain' }), createdAt };
}

export interface SeedProgress {
  phase: 'groups' | 'users' | 'import' | 'activity';
  done: number;
  total: number;
}

export interface SeedOptions {
  users: number;
  /** Default: a new seed each call, so repeated fills add new people. */
  seed?: number;
  /** Users that get conversations, tickets and notes; default all, at most 1,000. */
  activityUsers?: number;
  /** Share of the users written through an import (with its own group); default 0.1, at most 2,000 users. */
  importShare?: number;
  /** Users per write; default 2,000. */
  batchSize?: number;
  onProgress?: (progress: SeedProgress) => void;
  signal?: AbortSignal;
}

export interface SeedResult {
  created: number;
  /** Generated users left out because they were already stored (the same seed run before). */
  skipped: number;
  seed: number;
}

type BulkProvider = UserDataProvider & Pick<IndexedDBProvider, 'createUsers'>;

function hasBulkCreate(provider: UserDataProvider): provider is BulkProvider {
  return typeof (provider as Partial<BulkProvider>).createUsers === 'function';
}

/**
 * Writes sample users and their activity through a provider. Users go in
 * batches through `createUsers` when the provider has it (the IndexedDB
 * provider) and one by one otherwise. A share of them goes through an
 * import, so the data has an import and its group. Identifiers an earlier
 * fill already used are left out, and users the same seed already stored
 * are skipped.
 */
export async function seedSampleData(provider: UserDataProvider, options: SeedOptions): Promise<SeedResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const batchSize = options.batchSize ?? 2000;
  const report = (phase: SeedProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total });

  report('groups', 0, SAMPLE_GROUPS.length);
  const groupIds = await ensureGroups(provider, options.signal);
  report('groups', SAMPLE_GROUPS.length, SAMPLE_GROUPS.length);

  const importCount = Math.min(2000, Math.floor(options.users * (options.importShare ?? 0.1)));
  const directCount = options.users - importCount;
  const activityLimit = options.activityUsers ?? Math.min(options.users, 1000);
  const withActivity: SampleUser[] = [];
  let created = 0;
  let skipped = 0;

  for (let start = 0; start < directCount; start += batchSize) {
    const generated = generateSampleUsers(Math.min(batchSize, directCount - start), { seed, start, groupIds });
    const free = await withoutTakenIdentifiers(provider, generated, options.signal);
    skipped += generated.length - free.length;
    if (hasBulkCreate(provider)) {
      await provider.createUsers(free.map((user) => user.input), { signal: options.signal });
    } else {
      for (const user of free) await provider.createUser(user.input, { signal: options.signal });
    }
    created += free.length;
    withActivity.push(...free.filter((user) => user.activity).slice(0, Math.max(0, activityLimit - withActivity.length)));
    report('users', start + generated.length, directCount);
  }

  if (importCount > 0) {
    const imported = await importSample(provider, seed, directCount, importCount, options.signal);
    created += imported.created;
    skipped += importCount - imported.created;
    report('import', importCount, importCount);
  }

  for (let start = 0; start < withActivity.length; start += 100) {
    const batch: Required<ActivityBatch> = { conversations: [], messages: [], attachments: [], tickets: [], notes: [] };
    for (const user of withActivity.slice(start, start + 100)) {
      if (!user.activity) continue;
      const activity = generateActivity(user.input.id, user.activity);
      for (const key of Object.keys(batch) as (keyof ActivityBatch)[]) (batch[key] as unknown[]).push(...activity[key]);
    }
    await provider.putActivity(batch, { signal: options.signal });
    report('activity', Math.min(start + 100, withActivity.length), withActivity.length);
  }

  return { created, skipped, seed };
}

async function ensureGroups(provider: UserDataProvider, signal?: AbortSignal): Promise<string[]> {
  const existing = await provider.listGroups({ signal });
  const ids: string[] = [];
  for (const name of SAMPLE_GROUPS) {
    const found = existing.find((group) => group.name === name);
    ids.push(found ? found.id : (await provider.createGroup({ name, description: 'Created by the demo sample data.' }, { signal })).id);
  }
  return ids;
}

/**
 * Removes the identifiers some stored user already has (the phone pool is
 * small, so a second fill meets numbers of the first). A user left without
 * any gets an e-mail address made from its id, unless the user itself is
 * already stored (the same seed run twice), which drops it.
 */
async function withoutTakenIdentifiers(provider: UserDataProvider, users: SampleUser[], signal?: AbortSignal): Promise<SampleUser[]> {
  const matches = await provider.findByIdentifiers(users.flatMap((user) => user.input.identifiers), { signal });
  if (matches.length === 0) return users;

  // A match names the identifier that was looked up, as given.
  const asGiven = (identifier: ContactIdentifier) => `${identifier.kind}\u0000${identifier.value}`;
  const takenIdentifiers = new Set(matches.map((match) => asGiven(match.identifier)));
  const storedIds = new Set(matches.map((match) => match.user.id));
  const free: SampleUser[] = [];
  for (const user of users) {
    if (storedIds.has(user.input.id)) continue;
    const identifiers = user.input.identifiers.filter((identifier) => !takenIdentifiers.has(asGiven(identifier)));
    if (identifiers.length === user.input.identifiers.length) {
      free.push(user);
      continue;
    }
    if (identifiers.length === 0) identifiers.push({ kind: 'email', value: `${user.input.id}@example.net` });
    const kinds = new Set(identifiers.map((identifier) => identifier.kind));
    const preferences = Object.fromEntries(Object.entries(user.input.preferences ?? {}).filter(([kind]) => kinds.has(kind)));
    const primaryChannel = kinds.has(user.input.primaryChannel ?? '') ? user.input.primaryChannel : identifiers[0]?.kind;
    free.push({ ...user, input: { ...user.input, identifiers, preferences, ...(primaryChannel ? { primaryChannel } : {}) } });
  }
  return free;
}

async function importSample(provider: UserDataProvider, seed: number, start: number, count: number, signal?: AbortSignal): Promise<{ created: number }> {
  const generated = await withoutTakenIdentifiers(provider, generateSampleUsers(count, { seed, start }), signal);
  const job = await provider.startImport(
    {
      group: { name: `Sample import ${seed.toString(36)}`, description: 'Users the demo imported.', tags: ['sample'] },
      onExisting: 'skip',
      expectedRecords: generated.length,
    },
    { signal },
  );
  try {
    let created = 0;
    for (let batch = 0; batch * 500 < generated.length; batch++) {
      const records: ImportRecord[] = generated.slice(batch * 500, batch * 500 + 500).map((user, offset) => {
        const { id: _id, source: _source, groupIds: _groups, ...fields } = user.input;
        return { line: batch * 500 + offset + 2, user: fields };
      });
      created += (await provider.writeImportBatch(job.id, batch, records, { signal })).counts.created;
    }
    await provider.finishImport(job.id, { signal });
    return { created };
  } catch (error) {
    if (isDataError(error) && error.code === 'aborted') await provider.cancelImport(job.id);
    throw error;
  }
}
