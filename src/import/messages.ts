import type { RowIssueCode, RowWarningCode } from './types.js';

// English explanations for logs and the rejected-rows download, which is a
// file and not part of the translated interface. Elements show translated
// texts chosen by the same codes.
const MESSAGES: Record<RowIssueCode | RowWarningCode | 'duplicate-in-file', string> = {
  'name-required': 'No name: the Full Name or First Name column is empty.',
  'identifier-required': 'No contact identifier: the phone, WhatsApp, e-mail and Instagram columns are empty.',
  empty: 'The value is empty.',
  'scientific-notation':
    '"{value}" is in scientific notation: a spreadsheet rounded it and its last digits are lost. Re-export the column as text.',
  'not-a-phone-number': '"{value}" is not a phone number.',
  'phone-too-short': '"{value}" is too short to be a phone number.',
  'phone-too-long': '"{value}" is too long to be a phone number.',
  'phone-not-possible': '"{value}" is not a possible number for its country. Add the country code or set the default country.',
  'invalid-email': '"{value}" is not a valid e-mail address.',
  'invalid-instagram-handle': '"{value}" is not an Instagram handle.',
  'phone-range-unknown': '{value} is in no number range known to the phone metadata. Check that it is real.',
  'duplicate-in-file': 'Same person as line {value}.',
};

/** Returns the English explanation of a row issue, warning or duplicate, with its value filled in. */
export function englishMessage(code: keyof typeof MESSAGES, value = ''): string {
  return MESSAGES[code].replace('{value}', value);
}
