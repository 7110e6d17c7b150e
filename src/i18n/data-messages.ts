import { isDataError, QuotaExceededError, ValidationError } from '../data/errors.js';
import type { FieldIssue } from '../model/user.js';
import { defineMessages } from './catalog.js';

const t = defineMessages('data', {
  'not-found': 'This record no longer exists. Reload the list to see the current data.',
  conflict: 'Someone else changed this record after you opened it. Reload it and apply your change again.',
  invalid: 'Some values are not valid. Correct the marked fields and try again.',
  'quota-exceeded': 'Storage is full after {stored} records were saved. Free disk space or delete data, then resume.',
  unavailable: 'The data source cannot be reached. Check the connection and try again.',
  aborted: 'The request was cancelled.',
  blocked: 'Another tab is using an older version of this page. Close or reload the other tabs to continue.',
  unknown: 'Something went wrong: {message}',
  'name-required': 'Enter a full name or a first name.',
  'identifier-required': 'Add at least one contact identifier: a phone, WhatsApp, e-mail or Instagram.',
  'primary-channel-unknown': 'The primary channel "{value}" has no identifier. Add one or choose another channel.',
  empty: 'The value is empty.',
  'scientific-notation':
    '"{value}" is in scientific notation: a spreadsheet rounded it and its last digits are lost. Re-export the column as text.',
  'not-a-phone-number': '"{value}" is not a phone number.',
  'phone-too-short': '"{value}" is too short to be a phone number.',
  'phone-too-long': '"{value}" is too long to be a phone number.',
  'phone-not-possible':
    '"{value}" is not a possible number for its country. Add the country code (for example +44) or set the default country.',
  'invalid-email': '"{value}" is not a valid e-mail address.',
  'invalid-instagram-handle': '"{value}" is not an Instagram handle: use letters, digits, dots and underscores, up to 30.',
  'phone-range-unknown': '{value} has a valid length but is in no range known to the phone metadata. Check that it is real.',
  'duplicate-in-file': 'Same person as line {value}.',
  'identifier-conflict': '{value} already belongs to another user.',
});

/** Returns the readable, translated message for an error a provider threw. */
export function describeError(error: unknown): string {
  if (error instanceof QuotaExceededError) return t('quota-exceeded', { stored: error.stored });
  if (isDataError(error)) return t(error.code);
  const message = error instanceof Error ? error.message : String(error);
  return t('unknown', { message });
}

/** Returns the translated message for a validation issue or warning code. */
export function describeIssue(issue: Pick<FieldIssue, 'value'> & { code: string }): string {
  return t(issue.code as Parameters<typeof t>[0], { value: issue.value ?? '' });
}

/** Returns the translated messages of a validation error's issues, or its summary. */
export function describeValidation(error: ValidationError): string[] {
  return error.issues.length > 0 ? error.issues.map(describeIssue) : [t('invalid')];
}
