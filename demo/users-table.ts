/**
 * The demo's dashboard: <all-users-table> over the demo's default provider
 * (IndexedDB unless the data source picker chose the reference server), a
 * <user-profile> beside it for the row the reader opens.
 */
import '../src/elements/all-users-table/define.js';
import '../src/elements/user-profile/define.js';

const main = document.getElementById('demo-main');

const layout = document.createElement('div');
layout.className = 'demo-users';

const table = document.createElement('all-users-table');
table.columnStorageKey = 'all-users-demo:columns';
table.sort = { field: 'lastActivityAt', direction: 'desc' };

const profile = document.createElement('user-profile');
profile.hidden = true;

table.addEventListener('user-select', (event) => {
  profile.userId = event.detail.userId;
  profile.hidden = false;
});
table.addEventListener('data-error', (event) => console.error('all-users-table:', event.detail.error));

layout.append(table, profile);
main?.append(layout);

