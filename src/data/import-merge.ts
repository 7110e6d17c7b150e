import { identifierKey } from '../model/identifiers.js';
import type { User, UserInput } from '../model/types.js';
import type { ExistingUserPolicy } from './provider.js';

/** The fields an import may change on an existing user, and undo restores. */
export const IMPORT_MERGED_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'identifiers',
  'primaryChannel',
  'preferences',
  'attributes',
  'lastActivityAt',
] as const satisfies readonly (keyof User)[];

export interface MergeResult {
  user: User;
  /** False when no field changed (the user only joins the import's groups). */
  changed: boolean;
}

/**
 * Applies an imported record to the existing user it matched, by policy:
 * - `skip` changes nothing;
 * - `fill-empty` sets only what the user lacks: missing first or last name,
 *   primary channel, activity, preferences and attributes, and identifiers
 *   of a kind the user has none of;
 * - `overwrite` lets the record win: its names, its explicit primary
 *   channel, its preferences and non-empty attributes, and all of its new
 *   identifiers.
 *
 * Identifiers are only ever added, never removed, so undoing an import
 * cannot give back an identifier that another user took in the meantime.
 * `incoming` must be validated; `rawPrimaryChannel` is the channel the
 * record named itself, since validation fills in a default.
 */
export function mergeImportedUser(
  existing: User,
  incoming: UserInput & { name: string },
  policy: ExistingUserPolicy,
  rawPrimaryChannel?: string,
): MergeResult {
  if (policy === 'skip') return { user: existing, changed: false };

  const next: User = {
    ...existing,
    preferences: { ...existing.preferences },
    attributes: { ...existing.attributes },
    identifiers: [...existing.identifiers],
  };
  const keys = new Set(existing.identifiers.map(identifierKey));
  const kinds = new Set(existing.identifiers.map((identifier) => identifier.kind));

  if (policy === 'fill-empty') {
    if (!next.firstName && incoming.firstName) next.firstName = incoming.firstName;
    if (!next.lastName && incoming.lastName) next.lastName = incoming.lastName;
    for (const identifier of incoming.identifiers) {
      if (!kinds.has(identifier.kind) && !keys.has(identifierKey(identifier))) {
        next.identifiers.push(identifier);
        keys.add(identifierKey(identifier));
      }
    }
    if (!next.primaryChannel && incoming.primaryChannel) next.primaryChannel = incoming.primaryChannel;
    if (next.lastActivityAt === null && typeof incoming.lastActivityAt === 'number') {
      next.lastActivityAt = incoming.lastActivityAt;
    }
    for (const [channel, preference] of Object.entries(incoming.preferences ?? {})) {
      next.preferences[channel] ??= preference;
    }
    for (const [key, value] of Object.entries(incoming.attributes ?? {})) {
      if (value !== '' && !next.attributes[key]) next.attributes[key] = value;
    }
  } else {
    next.name = incoming.name;
    if (incoming.firstName) next.firstName = incoming.firstName;
    if (incoming.lastName) next.lastName = incoming.lastName;
    for (const identifier of incoming.identifiers) {
      if (!keys.has(identifierKey(identifier))) {
        next.identifiers.push(identifier);
        keys.add(identifierKey(identifier));
      }
    }
    if (rawPrimaryChannel && next.identifiers.some((identifier) => identifier.kind === rawPrimaryChannel)) {
      next.primaryChannel = rawPrimaryChannel;
    }
    if (typeof incoming.lastActivityAt === 'number') next.lastActivityAt = incoming.lastActivityAt;
    Object.assign(next.preferences, incoming.preferences ?? {});
    for (const [key, value] of Object.entries(incoming.attributes ?? {})) {
      if (value !== '') next.attributes[key] = value;
    }
  }

  const changed = IMPORT_MERGED_FIELDS.some((field) => JSON.stringify(next[field]) !== JSON.stringify(existing[field]));
  return { user: changed ? next : existing, changed };
}

/**
 * Returns `current` with the merged fields put back as in `snapshot`,
 * keeping the identifiers that `isTakenByOther` reports as taken out.
 */
export function restoreImportedFields(current: User, snapshot: User, isTakenByOther: (key: string) => boolean): User {
  const restored: User = { ...current };
  for (const field of IMPORT_MERGED_FIELDS) {
    if (field in snapshot) (restored as unknown as Record<string, unknown>)[field] = snapshot[field];
    else delete restored[field];
  }
  restored.identifiers = snapshot.identifiers.filter((identifier) => !isTakenByOther(identifierKey(identifier)));
  return restored;
}
