import { defineMessages, formatNumber, plural, type MessageParams, type MessageValue } from '../../i18n/catalog.js';

/**
 * Builds a message with plural forms chosen by `params.count` through
 * `Intl.PluralRules`; other `{name}` placeholders are filled from `params`.
 */
function counted(forms: { one: string; other: string }): MessageValue {
  return (params: MessageParams, locale: string) =>
    plural(Number(params.count ?? 0), forms, locale).replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = params[name];
      if (value === undefined) return placeholder;
      return typeof value === 'number' ? formatNumber(value, locale) : value;
    });
}

/** English messages of `<all-users-table>`; other locales go through `registerTranslations`. */
export const t = defineMessages('all-users-table', {
  'grid-label': 'Users',
  'search-label': 'Search users',
  'search-placeholder': 'Search by name, phone, e-mail or @handle',
  'filters-label': 'Filters',
  'filter-channel': 'Primary channel',
  'filter-source': 'Source',
  'filter-group': 'Group',
  'filter-active-from': 'Active from',
  'filter-active-to': 'Active until',
  'clear-filters': 'Clear filters',
  'range-invalid': 'The start date is after the end date. Choose an earlier start or a later end.',

  'column-select': 'Selection',
  'column-id': 'User ID',
  'column-name': 'Name',
  'column-phone': 'Phone',
  'column-channel': 'Primary Channel',
  'column-source': 'Source',
  'column-last-activity': 'Last Activity',
  'columns-button': 'Columns',
  'columns-label': 'Visible columns',
  sorter: 'Sort by {column}',

  'channel-none': 'None',
  'source-internal': 'Internal',
  'source-import': 'Import',
  'source-integration': 'Third-party integration',
  'source-import-named': 'Import: {name}',
  'source-integration-named': 'Integration: {name}',
  'source-import-unknown': 'Import (group deleted)',
  'no-activity': 'No activity',
  'last-activity-exact': 'Last activity {relative}, {exact}',

  'count-users': counted({ one: '{count} user', other: '{count} users' }),
  'count-loading': 'Counting users…',
  loading: 'Loading users…',
  'empty-title': 'No users yet',
  'empty-hint': 'Import a CSV or Excel file, or create a user, and they will appear here.',
  'no-results-title': 'No users match these filters',
  'no-results-hint': 'Check the spelling, search for part of a name, phone number or e-mail, or clear the filters.',
  'error-title': 'The users could not be loaded',
  'error-hint': '{reason} Select Retry to load them again.',
  retry: 'Retry',

  'select-user': 'Select {name}',
  'select-all-matching-label': 'Select all matching users',
  'selected-count': counted({ one: '{count} user selected', other: '{count} users selected' }),
  'select-all-matching': counted({ one: 'Select the {count} matching user', other: 'Select all {count} matching' }),
  'clear-selection': 'Clear selection',
  'bulk-label': 'Actions on the selected users',
  'add-to-group': 'Add to group',
  'remove-from-group': 'Remove from group',
  'export-csv': 'Export CSV',
  delete: 'Delete',
  cancel: 'Cancel',

  'group-dialog-add-title': counted({ one: 'Add {count} user to a group', other: 'Add {count} users to a group' }),
  'group-dialog-remove-title': counted({ one: 'Remove {count} user from a group', other: 'Remove {count} users from a group' }),
  'group-field': 'Group',
  'group-required': 'Choose a group.',
  'no-groups': 'There are no groups yet. Import users or create a group first.',
  add: 'Add',
  remove: 'Remove',

  'delete-title': counted({ one: 'Delete {count} user?', other: 'Delete {count} users?' }),
  'delete-message': 'Their notes, conversations and group memberships are deleted too. This cannot be undone.',

  'working-add': 'Adding users to “{group}”…',
  'working-remove': 'Removing users from “{group}”…',
  'working-delete': 'Deleting users…',
  'working-export': counted({ one: 'Exporting {count} user…', other: 'Exporting {count} users…' }),
  'cancel-export': 'Cancel export',
  'result-add': counted({ one: 'Added {count} user to “{group}”.', other: 'Added {count} users to “{group}”.' }),
  'result-remove': counted({ one: 'Removed {count} user from “{group}”.', other: 'Removed {count} users from “{group}”.' }),
  'result-delete': counted({ one: 'Deleted {count} user.', other: 'Deleted {count} users.' }),
  'result-export': counted({ one: 'Exported {count} user to {file}.', other: 'Exported {count} users to {file}.' }),
  'result-export-missing': counted({
    one: '{count} selected user no longer exists and was left out.',
    other: '{count} selected users no longer exist and were left out.',
  }),
  'result-export-cancelled': 'The export was cancelled. No file was saved.',
  'error-add': 'The users were not added to “{group}”. {reason}',
  'error-remove': 'The users were not removed from “{group}”. {reason}',
  'error-delete': 'The users were not deleted. {reason}',
  'error-export': 'The export failed and no file was saved. {reason}',
  'error-groups': 'The groups could not be loaded, so group names and the group filter are missing. {reason}',
  'dismiss-message': 'Dismiss message',
});

export type TableMessageKey = Parameters<typeof t>[0];
