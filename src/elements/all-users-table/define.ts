import {
  AllUsersTable,
  type BulkActionDetail,
  type CsvExportDetail,
  type TableErrorDetail,
  type UserSelectDetail,
  type UsersDeleteDetail,
} from './all-users-table.js';
import type { DataErrorDetail } from '../shared/events.js';

export { AllUsersTable };
export type { BulkActionDetail, CsvExportDetail, TableErrorDetail, UserSelectDetail, UsersDeleteDetail };

if (!customElements.get('all-users-table')) customElements.define('all-users-table', AllUsersTable);

declare global {
  interface HTMLElementTagNameMap {
    'all-users-table': AllUsersTable;
  }

  interface GlobalEventHandlersEventMap {
    'user-select': CustomEvent<UserSelectDetail>;
    'data-error': CustomEvent<DataErrorDetail>;
    'csv-export': CustomEvent<CsvExportDetail>;
    'users-delete': CustomEvent<UsersDeleteDetail>;
    'bulk-action': CustomEvent<BulkActionDetail>;
  }
}
