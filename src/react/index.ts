/**
 * React wrappers of the kit's elements, made with `@lit/react`: properties
 * become typed props and events become `on…` callbacks. Importing this module
 * registers the wrapped tags. React 18 or 19 is a peer dependency.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { AllUsersTable } from '../elements/all-users-table/define.js';
import type { BulkActionDetail, CsvExportDetail, UsersDeleteDetail } from '../elements/all-users-table/define.js';
import { CsvImportWizard } from '../elements/csv-import-wizard/define.js';
import type {
  ImportCancelDetail,
  ImportCompleteDetail,
  ImportErrorDetail,
  StepChangeDetail,
} from '../elements/csv-import-wizard/define.js';
import type { DataErrorDetail, UserSelectDetail } from '../elements/shared/events.js';
import { UserCreateWizard } from '../elements/user-create-wizard/define.js';
import { UserProfile } from '../elements/user-profile/define.js';
import type { User } from '../model/types.js';

const userSelect = 'user-select' as EventName<CustomEvent<UserSelectDetail>>;
const dataError = 'data-error' as EventName<CustomEvent<DataErrorDetail>>;

export const AllUsersTableReact = createComponent({
  tagName: 'all-users-table',
  elementClass: AllUsersTable,
  react: React,
  events: {
    onUserSelect: userSelect,
    onDataError: dataError,
    onCsvExport: 'csv-export' as EventName<CustomEvent<CsvExportDetail>>,
    onUsersDelete: 'users-delete' as EventName<CustomEvent<UsersDeleteDetail>>,
    onBulkAction: 'bulk-action' as EventName<CustomEvent<BulkActionDetail>>,
  },
});

export const UserProfileReact = createComponent({
  tagName: 'user-profile',
  elementClass: UserProfile,
  react: React,
  events: {
    onUserSelect: userSelect,
    onUserUpdate: 'user-update' as EventName<CustomEvent<{ user: User }>>,
    onDataError: dataError,
  },
});

export const UserCreateWizardReact = createComponent({
  tagName: 'user-create-wizard',
  elementClass: UserCreateWizard,
  react: React,
  events: {
    onUserCreate: 'user-create' as EventName<CustomEvent<{ userId: string }>>,
    onCreateCancel: 'create-cancel' as EventName<CustomEvent<null>>,
    onUserSelect: userSelect,
    onDataError: dataError,
  },
});

export const CsvImportWizardReact = createComponent({
  tagName: 'csv-import-wizard',
  elementClass: CsvImportWizard,
  react: React,
  events: {
    onStepChange: 'step-change' as EventName<CustomEvent<StepChangeDetail>>,
    onImportComplete: 'import-complete' as EventName<CustomEvent<ImportCompleteDetail>>,
    onImportCancel: 'import-cancel' as EventName<CustomEvent<ImportCancelDetail>>,
    onImportError: 'import-error' as EventName<CustomEvent<ImportErrorDetail>>,
  },
});
