import {
  AllUsersTable,
  type BulkActionDetail,
  type CsvExportDetail,
  type TableErrorDetail,
  type UserSelectDetail,
  type UsersDeleteDetail,
} from './all-users-table.js';

export { AllUsersTable };
export type { BulkActionDetail, CsvExportDetail, TableErrorDetail, UserSelectDetail, UsersDeleteDetail };

if (!customElements.get('all-users-table')) customElements.define('all-users-table', AllUsersTable);

declare global {
  interface HTMLElementTagNameMap {
    'all-users-table': AllUsersTable;
  }

  interface GlobalEventHandlersEventMap {
    'user-select': CustomEvent<UserSelectDetail>;
    'table-error': CustomEvent<TableErrorDetail>;
    'csv-export': CustomEvent<CsvExportDetail>;
    'users-delete': CustomEvent<UsersDeleteDetail>;
    'bulk-action': CustomEvent<BulkActionDetail>;
  }
}
