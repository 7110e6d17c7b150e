/**
 * Public entry of all-users-elements. Importing this module registers every
 * element; import `all-users-elements/<tag>` instead to register only one.
 */
export * from './model/types.js';
export * from './model/identifiers.js';
export * from './model/user.js';
export * from './data/provider.js';
export * from './data/errors.js';
export * from './i18n/catalog.js';
export { describeError, describeIssue } from './i18n/data-messages.js';
