// The page the strict-policy test drives. It registers the elements from the
// kit's sources, opens a row of the table in the profile as a host would, and
// lets the test reach the shared provider.
import '@vaadin/vaadin-lumo-styles/lumo.css';
import '../../../src/elements/all-users-table/define.js';
import '../../../src/elements/csv-import-wizard/define.js';
import '../../../src/elements/user-create-wizard/define.js';
import '../../../src/elements/user-profile/define.js';
import { getDefaultProvider } from '../../../src/data/default-provider.js';

(window as unknown as { kitProvider: unknown }).kitProvider = getDefaultProvider();

document.querySelector('all-users-table')!.addEventListener('user-select', (event) => {
  document.querySelector('user-profile')!.userId = event.detail.userId;
});
