/**
 * The demo's "Import users" button: it opens <csv-import-wizard> in a dialog
 * over the default IndexedDB provider, with a made-up CRM registered as a
 * third-party source.
 */
import '@vaadin/vaadin-lumo-styles/lumo.css';
import '@vaadin/button/vaadin-button.js';
import '@vaadin/dialog/vaadin-dialog.js';
import type { Dialog } from '@vaadin/dialog';
import '../src/elements/csv-import-wizard/define.js';
import type { ImportSource } from '../src/elements/csv-import-wizard/define.js';

const FIRST_NAMES = ['Ana', 'Ben', 'Chiara', 'Dev', 'Emeka', 'Fatima', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kenji', 'Leila'];
const LAST_NAMES = ['Lima', 'Ode', 'Rossi', 'Patel', 'Okafor', 'Haddad', 'Novak', 'Sato', 'Costa', 'Berg', 'Mori', 'Karimi'];
const CITIES = ['Lisbon', 'Lagos', 'Milan', 'Pune', 'Osaka', 'Leeds'];
const STAGES = ['lead', 'customer', 'churned'];

/**
 * A made-up CRM export: 120 contacts with example.com addresses, a city, a
 * pipeline stage and numbers from ranges kept for fiction: New York's
 * 555-0100 to 555-0199, then the UK's 07700 900xxx, for which the phone
 * metadata has no range, so those rows show the unknown-range warning.
 */
export const sampleCrmSource: ImportSource = {
  id: 'sample-crm',
  label: 'Sample CRM',
  async load(signal) {
    const rows = ['Contact Name,Mobile,E-mail,City,Stage'];
    for (let n = 0; n < 120; n++) {
      if (signal.aborted) throw new DOMException('The sample CRM load was aborted.', 'AbortError');
      const first = FIRST_NAMES[n % FIRST_NAMES.length] as string;
      const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length] as string;
      const phone = n < 100 ? `+1 212-555-01${String(n).padStart(2, '0')}` : `+44 7700 900${String(n).padStart(3, '0')}`;
      const email = `${first}.${last}${n}@example.com`.toLowerCase();
      rows.push([`${first} ${last}`, phone, email, CITIES[n % CITIES.length], STAGES[n % STAGES.length]].join(','));
    }
    return { name: 'sample-crm.csv', text: `${rows.join('\r\n')}\r\n` };
  },
};

function openImportDialog(): void {
  let dialog = document.querySelector<Dialog>('vaadin-dialog#import-dialog');
  if (!dialog) {
    dialog = document.createElement('vaadin-dialog') as Dialog;
    dialog.id = 'import-dialog';
    dialog.headerTitle = 'Import users';
    dialog.setAttribute('aria-label', 'Import users');

    const wizard = document.createElement('csv-import-wizard');
    wizard.sources = [sampleCrmSource];
    wizard.setAttribute('default-country', 'GB');
    wizard.style.width = 'min(68rem, 88vw)';
    wizard.addEventListener('import-cancel', (event) => {
      if (!event.detail.importId) (dialog as Dialog).opened = false;
    });
    wizard.addEventListener('import-complete', (event) => {
      const status = document.getElementById('demo-status');
      if (status) status.textContent = `Imported ${event.detail.counts.created} new users.`;
    });

    const close = document.createElement('vaadin-button');
    close.textContent = 'Close';
    close.addEventListener('click', () => ((dialog as Dialog).opened = false));

    dialog.renderer = (root) => {
      if (!root.firstElementChild) root.append(wizard);
    };
    dialog.headerRenderer = (root) => {
      if (!root.firstElementChild) root.append(close);
    };
    document.body.append(dialog);
  }
  dialog.opened = true;
}

const button = document.createElement('vaadin-button');
button.setAttribute('theme', 'primary');
button.textContent = 'Import users';
button.addEventListener('click', openImportDialog);
document.getElementById('demo-actions')?.append(button);
