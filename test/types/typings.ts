// Compile-only checks of the public typings: `npm run typecheck` fails when
// a tag or an event loses its type. Nothing here runs.
import '../../src/elements/user-profile/define.js';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/csv-import-wizard/define.js';
import type { CsvImportWizard, WizardStep } from '../../src/elements/csv-import-wizard/csv-import-wizard.js';
import '../../src/elements/all-users-table/define.js';
import type { AllUsersTable } from '../../src/elements/all-users-table/all-users-table.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';

export function checkTagNames(): void {
  const profile: UserProfile = document.createElement('user-profile');
  const wizard: UserCreateWizard = document.createElement('user-create-wizard');
  profile.userId = 'u1';

  // @ts-expect-error: userId is a string.
  profile.userId = 1;

  void wizard;

  const importWizard: CsvImportWizard = document.createElement('csv-import-wizard');
  importWizard.sources = [{ id: 'crm', label: 'CRM', load: async () => 'Name,Email\n' }];
  const step: WizardStep = importWizard.step;
  void step;

  // @ts-expect-error: a source's load must return a promise.
  importWizard.sources = [{ id: 'crm', label: 'CRM', load: () => 'Name,Email\n' }];

  const table: AllUsersTable = document.createElement('all-users-table');
  table.sort = { field: 'lastActivityAt', direction: 'desc' };
  // @ts-expect-error: the table sorts only by the provider's sort fields.
  table.sort = { field: 'email', direction: 'asc' };
}

export function checkEventDetails(target: HTMLElement): void {
  target.addEventListener('user-select', (event) => {
    const userId: string = event.detail.userId;
    void userId;
  });
  target.addEventListener('user-update', (event) => {
    const name: string = event.detail.user.name;
    void name;
  });
  target.addEventListener('user-create', (event) => {
    const userId: string = event.detail.userId;
    void userId;
  });
  target.addEventListener('csv-export', (event) => {
    const csv: string = event.detail.csv;
    void csv;
  });
  target.addEventListener('users-delete', (event) => {
    const count: number = event.detail.count;
    void count;
  });
  target.addEventListener('bulk-action', (event) => {
    const count: number = event.detail.count;
    void count;
  });
  target.addEventListener('data-error', (event) => {
    const error: unknown = event.detail.error;
    void error;
  });
  target.addEventListener('import-complete', (event) => {
    const created: number = event.detail.counts.created;
    const groupId: string = event.detail.groupId;
    void created;
    void groupId;
  });
  target.addEventListener('import-cancel', (event) => {
    const importId: string | undefined = event.detail.importId;
    void importId;
  });
  target.addEventListener('import-error', (event) => {
    const error: unknown = event.detail.error;
    void error;
  });
  target.addEventListener('step-change', (event) => {
    const step: WizardStep = event.detail.step;
    event.preventDefault();
    void step;
  });
}
