import type {
  Attachment,
  ChannelKind,
  ContactIdentifier,
  Conversation,
  Form,
  FormInput,
  Group,
  GroupInput,
  GroupPatch,
  Message,
  Note,
  NoteInput,
  Ticket,
  User,
  UserInput,
  UserPatch,
  UserSourceType,
} from '../model/types.js';
import type { CountryCode } from '../model/identifiers.js';

/**
 * Columns the table can sort by. Each sorts on one key:
 * - `id`: the id.
 * - `name`: the name folded as {@link UserFilter.search} folds text.
 * - `phone`: the table's Phone column, the first `phone` identifier or else
 *   the first `whatsapp` or `sms` one, in E.164.
 * - `primaryChannel`: the channel kind.
 * - `source`: the source type (`import`, `integration`, `internal`).
 * - `createdAt`, `lastActivityAt`: the time.
 *
 * Strings compare by UTF-16 code unit, as JavaScript and IndexedDB compare
 * them. A missing key (no phone, no primary channel, no activity) sorts
 * before every present one.
 */
export type UserSortField =
  | 'id'
  | 'name'
  | 'phone'
  | 'primaryChannel'
  | 'source'
  | 'createdAt'
  | 'lastActivityAt';

export type SortDirection = 'asc' | 'desc';

export interface UserSort {
  field: UserSortField;
  direction: SortDirection;
}

/** Every condition must hold; an empty array or an absent key means "any". */
export interface UserFilter {
  /**
   * Matches a prefix of any word of the name, the start or the end of a
   * phone number's digits (three or more), an e-mail address or its prefix,
   * or an Instagram handle or its prefix. Case and accents are ignored.
   *
   * In detail: the text is trimmed and its runs of white space become one
   * space; blank text matches every user. Text and stored values are folded
   * before they are compared: lower-cased, decomposed (NFD), stripped of the
   * combining diacritical marks U+0300–U+036F and recomposed (NFC). A word
   * of a name starts at each run of letters, marks and digits, and the text
   * may run on past the word's end, so `luc` and `jean-luc p` both find
   * `Jean-Luc Picard`. Text without letters and with three or more digits
   * also matches a `phone`, `whatsapp` or `sms` number whose digits start
   * or end with its digits, punctuation dropped. At the start, the digits
   * after the country code of a number written with `+` count too, and so do
   * the text's digits without their leading zeros when three or more are
   * left, so `07700 900` and `0044 7700` find `+44 7700 900123`. A leading
   * `@` is dropped before the text is compared with handles.
   */
  search?: string;
  /** Primary channels to keep. */
  channels?: ChannelKind[];
  sources?: UserSourceType[];
  /** Users in at least one of these groups. */
  groupIds?: string[];
  /** Inclusive range of `lastActivityAt` in epoch ms; users with no activity never match a range. */
  lastActivity?: { from?: number; to?: number };
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface UserQuery extends CallOptions {
  offset: number;
  limit: number;
  /**
   * Defaults to name ascending. Ties are always broken by id, so pages are
   * stable. Descending order is the exact reverse of ascending, ties included.
   */
  sort?: UserSort;
  filter?: UserFilter;
  /**
   * Accepts an estimated `total` when an exact one costs far more than the
   * page, as a search over many users can. A page with an estimate sets
   * {@link Page.totalApproximate}. Its items are exact either way, and a
   * query without this flag always gets the exact total, so `limit: 0`
   * reads that total alone.
   */
  allowApproximateTotal?: boolean;
}

export interface Page<T> {
  items: T[];
  /** Number of records matching the query, across all pages. */
  total: number;
  /**
   * True when {@link total} is only an estimate, which a query may accept
   * with {@link UserQuery.allowApproximateTotal}. The estimate is at least
   * the rows up to the end of this page plus one.
   */
  totalApproximate?: boolean;
}

export interface PageRequest extends CallOptions {
  offset: number;
  limit: number;
}

/** The users a bulk action applies to: explicit ids, or every user matching a filter. */
export type UserSelection =
  | { ids: string[] }
  | { filter: UserFilter; exceptIds?: string[] };

export interface IdentifierMatch {
  /** The identifier that was looked up, as given. */
  identifier: ContactIdentifier;
  user: User;
}

/**
 * What to do with a record whose identifier already belongs to a user.
 * `skip` leaves the user's fields as they are. `fill-empty` sets only the
 * fields the user has no value for: an attribute it lacks, an identifier of
 * a kind it has none of. `overwrite` replaces each field the record has a
 * value for. Either way the user keeps its source and its other identifiers
 * and attributes, and joins the import's group.
 */
export type ExistingUserPolicy = 'skip' | 'fill-empty' | 'overwrite';

export interface ImportOptions {
  /** Caller-chosen id; a retried start with the same id returns the same job. */
  importId?: string;
  /** The group every imported user joins; it is created by the import. */
  group: Omit<GroupInput, 'importId'>;
  /** A form created with the import and attached to its group. */
  form?: Omit<FormInput, 'id'>;
  /** Extra groups, created by the import, that records join by name. */
  extraGroups?: Omit<GroupInput, 'importId'>[];
  onExisting: ExistingUserPolicy;
  /** Number of records the caller intends to send, for progress. */
  expectedRecords?: number;
}

/** One record of an import batch. */
export interface ImportRecord {
  /** Line number in the source file, reported back with any rejection. */
  line: number;
  user: UserInput;
  /** Names of {@link ImportOptions.extraGroups} this record joins. */
  extraGroups?: string[];
}

/**
 * The location of a provider's data that an import worker can open on its
 * own, so that records need not pass through the page: an IndexedDB
 * database of this origin, which the worker opens with the same schema.
 */
export interface ImportTarget {
  kind: 'indexeddb';
  databaseName: string;
  defaultCountry?: CountryCode;
}

export type ImportStatus = 'running' | 'complete' | 'cancelled' | 'failed' | 'undone';

export interface ImportCounts {
  created: number;
  /** Existing users that received the import's data. */
  updated: number;
  /** Existing users left as they were (policy `skip`), though they join the group. */
  skipped: number;
  rejected: number;
}

export interface ImportRejection {
  line: number;
  /** A {@link FieldIssue} code, or `duplicate-in-file` / `identifier-conflict`. */
  code: string;
  field?: string;
  value?: string;
  /** English explanation, for logs and the rejected-rows download. */
  message: string;
}

export interface ImportJob {
  id: string;
  status: ImportStatus;
  groupId: string;
  extraGroupIds: Record<string, string>;
  formId?: string;
  options: ImportOptions;
  /** Highest batch number stored, or -1; a resumed import continues after it. */
  lastBatch: number;
  counts: ImportCounts;
  startedAt: number;
  finishedAt?: number;
  /** Why the import stopped, for `failed`. */
  error?: string;
}

export interface ImportBatchResult {
  batch: number;
  counts: ImportCounts;
  rejections: ImportRejection[];
  /** True when this batch number was already stored and nothing was written again. */
  replayed: boolean;
}

/** Activity written by integrations, seeding and tests. */
export interface ActivityBatch {
  conversations?: Conversation[];
  messages?: Message[];
  attachments?: Attachment[];
  tickets?: Ticket[];
  notes?: Note[];
}

export type ChangeEntity = 'users' | 'groups' | 'forms' | 'notes' | 'activity' | 'imports' | 'all';

/** A notification that data changed, from this page or another tab. */
export interface DataChange {
  entity: ChangeEntity;
  /** Ids of the changed records, when few enough to list. */
  ids?: string[];
  /** True when the change came from another tab or the server. */
  remote?: boolean;
}

export type ChangeListener = (change: DataChange) => void;

/**
 * The only way elements touch data. Every method may throw a
 * {@link DataError}; every call that takes {@link CallOptions} stops with an
 * `AbortedError` when its signal fires. A method that names a user, group,
 * form, note or import by id raises `NotFoundError` when it does not exist;
 * ids in a {@link UserSelection} that no longer exist are skipped instead.
 *
 * Every provider must pass the tests in `test/conformance/`.
 */
export interface UserDataProvider {
  queryUsers(query: UserQuery): Promise<Page<User>>;
  getUser(id: string, options?: CallOptions): Promise<User>;
  /**
   * Validates, normalizes and stores a new user; identifiers or an id already
   * taken raise a conflict. A user given no source is `internal`.
   */
  createUser(input: UserInput, options?: CallOptions): Promise<User>;
  /** Updates a user if it is still at `expectedVersion`; otherwise raises a conflict. */
  updateUser(id: string, patch: UserPatch, expectedVersion: number, options?: CallOptions): Promise<User>;
  deleteUser(id: string, options?: CallOptions): Promise<void>;
  /** Deletes the selected users; returns how many were deleted. */
  deleteUsers(selection: UserSelection, options?: CallOptions): Promise<number>;
  /** Finds users owning any of these identifiers (normalized the same way as stored ones). */
  findByIdentifiers(identifiers: ContactIdentifier[], options?: CallOptions): Promise<IdentifierMatch[]>;

  listGroups(options?: CallOptions): Promise<Group[]>;
  getGroup(id: string, options?: CallOptions): Promise<Group>;
  /** Creates a group. A blank name is invalid, and a name another group has raises a conflict. */
  createGroup(input: GroupInput, options?: CallOptions): Promise<Group>;
  /** Updates a group; a name another group has raises a conflict. */
  updateGroup(id: string, patch: GroupPatch, options?: CallOptions): Promise<Group>;
  /** Deletes a group and removes it from its members; the users stay. */
  deleteGroup(id: string, options?: CallOptions): Promise<void>;
  /** Adds the selected users to a group; returns how many joined. */
  addToGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number>;
  /** Removes the selected users from a group; returns how many left. */
  removeFromGroup(groupId: string, selection: UserSelection, options?: CallOptions): Promise<number>;

  listForms(options?: CallOptions): Promise<Form[]>;
  getForm(id: string, options?: CallOptions): Promise<Form>;
  createForm(input: FormInput, options?: CallOptions): Promise<Form>;

  /** A user's conversations, most recent first. */
  listConversations(userId: string, page: PageRequest): Promise<Page<Conversation>>;
  /** A conversation's messages, newest first, so offset 0 is the latest. */
  listMessages(conversationId: string, page: PageRequest): Promise<Page<Message>>;
  /** A user's attachments, newest first. */
  listAttachments(userId: string, page: PageRequest): Promise<Page<Attachment>>;
  /**
   * Optional. Reads an attachment's content when the page cannot load its
   * `url` by itself, for example because the server requires an
   * `Authorization` header that an `<img>` or a link cannot send. Resolves
   * to undefined when the `url` can be used as it is.
   */
  readAttachment?(attachment: Attachment, options?: CallOptions): Promise<Blob | undefined>;
  /** A user's tickets, most recently updated first. */
  listTickets(userId: string, page: PageRequest): Promise<Page<Ticket>>;
  /** A user's notes, newest first. */
  listNotes(userId: string, page: PageRequest): Promise<Page<Note>>;
  addNote(userId: string, note: NoteInput, options?: CallOptions): Promise<Note>;
  deleteNote(noteId: string, options?: CallOptions): Promise<void>;
  /** Stores activity records as given (ids included). */
  putActivity(batch: ActivityBatch, options?: CallOptions): Promise<void>;

  /** Starts an import: creates its group, extra groups and form. A group name already taken raises a conflict. */
  startImport(options: ImportOptions, call?: CallOptions): Promise<ImportJob>;
  /**
   * Writes one batch, all or nothing. Batch numbers start at 0; a batch
   * number already stored is not written again (`replayed`).
   *
   * A record is rejected, never half-stored, when it fails validation, with
   * one rejection per issue. It is rejected as `duplicate-in-file` when an
   * earlier record of the batch shares an identifier with it (`value` is
   * that record's line) or a user this import created owns one of its
   * identifiers. It is rejected as `identifier-conflict` when its
   * identifiers belong to two different users.
   */
  writeImportBatch(importId: string, batch: number, records: ImportRecord[], options?: CallOptions): Promise<ImportBatchResult>;
  /**
   * Optional: where an import worker may look up identifiers and write
   * batches itself, with the same results as {@link writeImportBatch}.
   * Returns nothing when a worker could not act exactly as this provider;
   * the import then passes its batches through this provider. Raises
   * `UnavailableError` once the provider is closed. A wrapper that changes
   * what `findByIdentifiers` or `writeImportBatch` do must not pass this on.
   */
  importTarget?(): ImportTarget | undefined;
  /** Marks an import complete. */
  finishImport(importId: string, options?: CallOptions): Promise<ImportJob>;
  /** Stops an import and undoes what it wrote, as {@link undoImport} does. */
  cancelImport(importId: string, options?: CallOptions): Promise<ImportJob>;
  /** Removes the users an import created and its groups and form, and restores fields it overwrote. */
  undoImport(importId: string, options?: CallOptions): Promise<ImportJob>;
  getImport(importId: string, options?: CallOptions): Promise<ImportJob>;
  /** Imports, newest first; `running` ones were interrupted unless in progress on this page. */
  listImports(options?: CallOptions): Promise<ImportJob[]>;

  /** Calls `listener` after every write; returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void;
  /** Releases connections and channels. Later calls raise `UnavailableError`. */
  close(): void;
}
