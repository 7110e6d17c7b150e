import { defineMessages } from '../../i18n/catalog.js';

/** English messages of `<user-create-wizard>`. */
export const t = defineMessages('user-create-wizard', {
  title: 'New user',
  steps: 'Steps',
  'step-define': 'Define user data',
  'step-groups': 'Select user groups',
  'step-announcement': 'Step {step} of {count}: {title}',
  next: 'Next',
  back: 'Back',
  cancel: 'Cancel',
  create: 'Create',
  checking: 'Checking for existing users…',
  creating: 'Creating the user…',
  'fix-errors': 'Correct the marked fields to continue.',
  duplicates: 'Some identifiers already belong to other users. Open that user instead, or change the identifier.',
  'check-failed': 'Existing users could not be checked. {reason}',

  preferences: 'Communication preferences',
  'preferences-hint': 'Tick each channel the user agreed to be contacted on.',
  'preferences-empty': 'Add an identifier to set its channel’s preference.',
  'opted-in': 'Opted in to {channel}',

  'search-groups': 'Search groups',
  'groups-legend': 'Groups',
  'groups-loading': 'Loading groups…',
  'groups-failed': 'Groups could not be loaded. {reason}',
  'no-groups': 'There are no groups yet. Create one below, or create the user without a group.',
  'no-matching-groups': 'No group matches "{search}".',
  'more-groups': 'Showing {shown} of {count} groups. Type in the search field to find the others.',
  'selected-count': '{count} selected',
  retry: 'Try again',

  'new-group': 'New group',
  'new-group-legend': 'New group',
  'group-name': 'Group name',
  'group-description': 'Description',
  'add-group': 'Add group',
  'group-name-required': 'Enter a name for the group.',
  'group-name-taken': 'A group named "{name}" already exists. Select it in the list instead.',
  'group-added': 'The group {name} is added and selected. It is created together with the user.',
  'new-group-note': 'New: created together with the user',

  'create-failed': 'The user was not created. {reason}',
  'create-conflict': 'An identifier now belongs to another user, so the user was not created.',
  created: '{name} is created.',
  'open-created': 'Open {name}',
  'create-another': 'Create another user',

  'discard-heading': 'Discard this user?',
  'discard-text': 'The values you entered will be lost.',
  discard: 'Discard',
  'keep-editing': 'Keep editing',
});

export type WizardMessage = Parameters<typeof t>[0];
