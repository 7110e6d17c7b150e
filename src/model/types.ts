/**
 * Plain data types shared by the elements, the providers, the import pipeline
 * and the reference server. Times are epoch milliseconds (UTC) so that they
 * sort as numbers in IndexedDB indexes and SQL alike.
 */

/** Built-in channel kinds. A host may use any other lowercase string. */
export const BUILT_IN_CHANNELS = ['phone', 'whatsapp', 'email', 'instagram', 'sms'] as const;

/** A contact channel: one of {@link BUILT_IN_CHANNELS} or a kind the host adds. */
export type ChannelKind = (typeof BUILT_IN_CHANNELS)[number] | (string & {});

/** One way to reach a user, with its value in normalized form. */
export interface ContactIdentifier {
  kind: ChannelKind;
  /** E.164 for phones, lower-cased for e-mails, without `@` for Instagram handles. */
  value: string;
  /** Free label from the source, such as "Work" or "Mobile". */
  label?: string;
}

/** Opt-in state of one channel. */
export type ChannelPreference = 'opted-in' | 'opted-out';

/** Origin of a user: created here, imported, or synced by an integration. */
export type UserSource =
  | { type: 'internal' }
  | { type: 'import'; importId: string }
  | { type: 'integration'; name: string };

export type UserSourceType = UserSource['type'];

/** An end user (contact) of the workspace. */
export interface User {
  id: string;
  /** Full name as shown everywhere. */
  name: string;
  firstName?: string;
  lastName?: string;
  identifiers: ContactIdentifier[];
  primaryChannel?: ChannelKind;
  preferences: Record<string, ChannelPreference>;
  source: UserSource;
  groupIds: string[];
  /** Values of form fields, keyed by field key; always text, never coerced. */
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number | null;
  /** Incremented on every write; updates name the version they started from. */
  version: number;
}

/** Input to create a user; the provider fills the other fields. */
export interface UserInput {
  /** Optional caller-chosen id; the provider generates one when absent. */
  id?: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  identifiers: ContactIdentifier[];
  primaryChannel?: ChannelKind;
  preferences?: Record<string, ChannelPreference>;
  source?: UserSource;
  groupIds?: string[];
  attributes?: Record<string, string>;
  createdAt?: number;
  lastActivityAt?: number | null;
}

/** Fields an update may change. Omitted fields keep their value. */
export type UserPatch = Partial<
  Pick<
    User,
    | 'name'
    | 'firstName'
    | 'lastName'
    | 'identifiers'
    | 'primaryChannel'
    | 'preferences'
    | 'groupIds'
    | 'attributes'
    | 'lastActivityAt'
  >
>;

/** Data type of a form field or an imported column. */
export type FieldType = 'text' | 'number' | 'date' | 'boolean' | 'tags';

export interface FormField {
  /** Stable key under which values are stored in {@link User.attributes}. */
  key: string;
  label: string;
  type: FieldType;
  description?: string;
}

/** A custom field schema, attached to groups. */
export interface Form {
  id: string;
  name: string;
  fields: FormField[];
  createdAt: number;
}

export type FormInput = Omit<Form, 'id' | 'createdAt'> & { id?: string };

export interface Group {
  id: string;
  name: string;
  description: string;
  tags: string[];
  formId?: string;
  /** The import that created this group, if any. */
  importId?: string;
  memberCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface GroupInput {
  id?: string;
  name: string;
  description?: string;
  tags?: string[];
  formId?: string;
  importId?: string;
}

export type GroupPatch = Partial<Pick<Group, 'name' | 'description' | 'tags' | 'formId'>>;

export type MessageDirection = 'inbound' | 'outbound';

export interface Conversation {
  id: string;
  userId: string;
  channel: ChannelKind;
  startedAt: number;
  lastMessageAt: number;
  messageCount: number;
}

export interface Message {
  id: string;
  conversationId: string;
  userId: string;
  channel: ChannelKind;
  direction: MessageDirection;
  text: string;
  sentAt: number;
  attachmentIds?: string[];
}

export interface Attachment {
  id: string;
  userId: string;
  conversationId?: string;
  name: string;
  /** IANA media type such as `image/png`. */
  mediaType: string;
  /** Size in bytes. */
  size: number;
  /** The content, when the provider stores it locally. */
  blob?: Blob;
  /** Where to fetch the content, when it lives elsewhere. */
  url?: string;
  createdAt: number;
}

export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';

export interface Ticket {
  id: string;
  userId: string;
  title: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
}

export interface Note {
  id: string;
  userId: string;
  text: string;
  author: string;
  createdAt: number;
}

export interface NoteInput {
  text: string;
  author: string;
}
