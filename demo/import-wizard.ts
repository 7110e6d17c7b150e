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
import { defineMessages, pluralMessage } from '../src/i18n/catalog.js';
import { sampleCrmSource } from './sample-crm.js';

const t = defineMessages('demo-import', {
  created: pluralMessage({ one: 'Imported {count} new user.', other: 'Imported {count} new users.' }),
  updated: pluralMessage({ one: '{count} existing user was updated.', other: '{count} existing users were updated.' }),
});

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
      if (!status) return;
      const { created, updated } = event.detail.counts;
      const parts = [t('created', { count: created })];
      if (updated > 0) parts.push(t('updated', { count: updated }));
      status.textContent = parts.join(' ');
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
