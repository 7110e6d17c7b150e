import {
  normalizeIdentifier,
  type IdentifierNormalizer,
  type IdentifierRejection,
  type IdentifierWarning,
  type NormalizeOptions,
} from './identifiers.js';
import type { ContactIdentifier, User, UserInput, UserPatch } from './types.js';

/** A problem with one field of a user, in a form elements can translate. */
export interface FieldIssue {
  /** `name`, `identifiers`, `identifiers.2`, `primaryChannel`, … */
  field: string;
  code: 'name-required' | 'identifier-required' | 'primary-channel-unknown' | IdentifierRejection;
  /** The raw value that failed, when there is one. */
  value?: string;
}

export interface FieldWarning {
  field: string;
  code: IdentifierWarning;
  value: string;
}

export interface NameParts {
  name: string;
  firstName?: string;
  lastName?: string;
}

/**
 * Completes a user's names: the full name from first and last when it is
 * missing, and first and last from the full name when both are missing. The
 * full name is split at its first space, which suits most Western names; the
 * full name itself is never changed.
 */
export function completeNames(input: { name?: string; firstName?: string; lastName?: string }): NameParts {
  const name = collapseSpaces(input.name);
  const firstName = collapseSpaces(input.firstName);
  const lastName = collapseSpaces(input.lastName);

  if (name) {
    if (firstName || lastName) return withOptional({ name }, firstName, lastName);
    const space = name.indexOf(' ');
    if (space === -1) return { name, firstName: name };
    return { name, firstName: name.slice(0, space), lastName: name.slice(space + 1) };
  }

  const joined = [firstName, lastName].filter(Boolean).join(' ');
  return withOptional({ name: joined }, firstName, lastName);
}

function withOptional(parts: NameParts, firstName: string, lastName: string): NameParts {
  if (firstName) parts.firstName = firstName;
  if (lastName) parts.lastName = lastName;
  return parts;
}

/** Words separated by single spaces, which {@link collapseSpaces} returns unchanged. */
const COLLAPSED = /^\S+(?: \S+)*$/;

function collapseSpaces(value: string | undefined): string {
  if (value === undefined || COLLAPSED.test(value)) return value ?? '';
  return value.replace(/\s+/g, ' ').trim();
}

export interface ValidateOptions extends NormalizeOptions {
  /** Normalizes each identifier in place of {@link normalizeIdentifier}, which it must match. */
  normalize?: IdentifierNormalizer;
}

export interface ValidatedIdentifiers {
  identifiers: ContactIdentifier[];
  issues: FieldIssue[];
  warnings: FieldWarning[];
}

/**
 * Normalizes every identifier and drops exact repeats. Values that fail are
 * reported with their index and raw text; none is silently dropped.
 */
export function validateIdentifiers(
  identifiers: readonly ContactIdentifier[],
  options: ValidateOptions = {},
): ValidatedIdentifiers {
  const result: ValidatedIdentifiers = { identifiers: [], issues: [], warnings: [] };
  const seen = new Set<string>();
  const { normalize = normalizeIdentifier, ...normalizeOptions } = options;

  identifiers.forEach((identifier, index) => {
    const normalized = normalize(identifier.kind, identifier.value, normalizeOptions);
    const field = `identifiers.${index}`;
    if (!normalized.ok) {
      result.issues.push({ field, code: normalized.reason, value: identifier.value });
      return;
    }
    if (normalized.warning) {
      result.warnings.push({ field, code: normalized.warning, value: normalized.value });
    }
    const key = `${identifier.kind}:${normalized.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    const clean: ContactIdentifier = { kind: identifier.kind, value: normalized.value };
    if (identifier.label) clean.label = identifier.label;
    result.identifiers.push(clean);
  });

  return result;
}

export interface ValidatedUser {
  user: UserInput & NameParts;
  issues: FieldIssue[];
  warnings: FieldWarning[];
}

/**
 * Validates and normalizes a user before it is stored: a name (full or
 * first), at least one valid identifier, and a primary channel the user can
 * be reached on. Providers and the reference server run this same check.
 */
export function validateUserInput(input: UserInput, options: ValidateOptions = {}): ValidatedUser {
  const names = completeNames(input);
  const { identifiers, issues, warnings } = validateIdentifiers(input.identifiers ?? [], options);

  if (!names.name) issues.unshift({ field: 'name', code: 'name-required' });
  if (identifiers.length === 0 && !issues.some((issue) => issue.field.startsWith('identifiers.'))) {
    issues.push({ field: 'identifiers', code: 'identifier-required' });
  }

  let primaryChannel = input.primaryChannel;
  if (primaryChannel && identifiers.length > 0 && !identifiers.some((id) => id.kind === primaryChannel)) {
    issues.push({ field: 'primaryChannel', code: 'primary-channel-unknown', value: primaryChannel });
  }
  primaryChannel ??= identifiers[0]?.kind;

  const user: UserInput & NameParts = { ...input, ...names, identifiers };
  if (primaryChannel) user.primaryChannel = primaryChannel;
  return { user, issues, warnings };
}

/** Applies a patch to a user, keeping names consistent. Does not validate. */
export function applyUserPatch(user: User, patch: UserPatch): User {
  const next: User = { ...user, ...patch };
  if ('name' in patch || 'firstName' in patch || 'lastName' in patch) {
    const names = completeNames({
      name: 'name' in patch ? patch.name : undefined,
      firstName: next.firstName,
      lastName: next.lastName,
    });
    next.name = names.name || user.name;
  }
  return next;
}

/** Returns the first identifier of a kind, preferring the primary channel's kind. */
export function primaryIdentifier(user: Pick<User, 'identifiers' | 'primaryChannel'>): ContactIdentifier | undefined {
  return user.identifiers.find((id) => id.kind === user.primaryChannel) ?? user.identifiers[0];
}

/** Returns the user's first phone-like number, for the table's Phone column. */
export function primaryPhone(user: Pick<User, 'identifiers'>): string | undefined {
  return (
    user.identifiers.find((id) => id.kind === 'phone') ??
    user.identifiers.find((id) => id.kind === 'whatsapp' || id.kind === 'sms')
  )?.value;
}
