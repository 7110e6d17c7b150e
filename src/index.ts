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
export * from './data/user-query.js';
export { mergeImportedUser, restoreImportedFields, IMPORT_MERGED_FIELDS } from './data/import-merge.js';
export type { MergeResult } from './data/import-merge.js';
export { ChangeChannel } from './data/change-channel.js';
export {
  IndexedDBProvider,
  DEFAULT_DATABASE_NAME,
  changeChannelName,
} from './data/indexeddb/indexeddb-provider.js';
export type { IndexedDBProviderOptions, ProviderCloseEvent } from './data/indexeddb/indexeddb-provider.js';
export type { PagerOptions } from './data/indexeddb/user-pages.js';
export type { ConnectionCloseReason } from './data/indexeddb/connection.js';
export { getDefaultProvider, setDefaultProvider } from './data/default-provider.js';
export { providerContext } from './data/context.js';
export { ProviderController } from './elements/shared/provider-controller.js';
export type { ProviderHost, ProviderControllerOptions } from './elements/shared/provider-controller.js';
export * from './import/index.js';
export * from './elements/csv-import-wizard/define.js';
export { FetchProvider } from './data/http/fetch-provider.js';
export type { FetchProviderOptions } from './data/http/fetch-provider.js';
export type { HeadersSource } from './data/http/http-client.js';
export * from './elements/all-users-table/define.js';
export * from './elements/user-profile/define.js';
export * from './elements/user-create-wizard/define.js';
