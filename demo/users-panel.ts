// The demo's "New user" button: it opens <user-create-wizard> in a dialog.
// The profile beside the table shows the user just created, or the
// existing user that a duplicate identifier points to. The table refreshes
// itself from the provider's change notifications, so a created user
// appears there without any code here.
import '@vaadin/button/vaadin-button.js';
import '@vaadin/dialog/vaadin-dialog.js';
import type { Dialog } from '@vaadin/dialog';
import { html, render } from 'lit';
import '../src/elements/user-create-wizard/define.js';
import '../src/elements/user-profile/define.js';

function openProfile(userId: string): void {
  const profile = document.querySelector<HTMLElementTagNameMap['user-profile']>('.demo-users user-profile');
  if (!profile) return;
  profile.userId = userId;
  profile.hidden = false;
}

const dialog = document.createElement('vaadin-dialog') as Dialog;
dialog.headerTitle = 'New user';
dialog.setAttribute('aria-label', 'New user');
dialog.renderer = (root) => {
  render(
    html`<user-create-wizard
      default-country="GB"
      @user-create=${(event: CustomEvent<{ userId: string }>) => {
        dialog.opened = false;
        // The dialog keeps its wizard, so the next "New user" starts from
        // an empty first step rather than this user's "created" step.
        (event.currentTarget as HTMLElementTagNameMap['user-create-wizard']).reset();
        openProfile(event.detail.userId);
      }}
      @create-cancel=${() => (dialog.opened = false)}
    ></user-create-wizard>`,
    root,
  );
};
document.body.append(dialog);

const newUser = document.createElement('vaadin-button');
newUser.textContent = 'New user';
newUser.setAttribute('theme', 'primary');
newUser.addEventListener('click', () => (dialog.opened = true));
document.querySelector('#demo-actions')?.append(newUser);

// The table opens its own rows; this covers the wizard's "Open <name>" for
// a duplicate identifier and the profile's own link to another user.
document.addEventListener('user-select', (event) => {
  if (event.target instanceof Element && event.target.localName === 'all-users-table') return;
  dialog.opened = false;
  openProfile(event.detail.userId);
});
