/**
 * The demo's dashboard: <all-users-table> over the demo's default provider
 * (IndexedDB unless the data source picker chose the reference server), a
 * <user-profile> beside it for the row the reader opens, and a button that
 * switches the page to a dark theme through custom properties.
 */
import '@vaadin/button/vaadin-button.js';
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

const darkToggle = document.createElement('vaadin-button');
darkToggle.textContent = 'Dark theme';
darkToggle.setAttribute('aria-pressed', 'false');
darkToggle.addEventListener('click', () => {
  const root = document.documentElement;
  const dark = root.classList.toggle('demo-dark');
  // Lumo's dark palette covers the Vaadin components inside the elements.
  if (dark) root.setAttribute('theme', 'dark');
  else root.removeAttribute('theme');
  darkToggle.setAttribute('aria-pressed', String(dark));
});
document.getElementById('demo-actions')?.append(darkToggle);
