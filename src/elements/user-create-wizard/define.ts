import '@vaadin/button';
import '@vaadin/checkbox';
import '@vaadin/confirm-dialog';
import '@vaadin/text-field';
import type { DataErrorDetail, UserSelectDetail } from '../shared/events.js';
import { UserCreateWizard } from './user-create-wizard.js';

export { UserCreateWizard };
export type { CreateWizardStep } from './user-create-wizard.js';

if (!customElements.get('user-create-wizard')) customElements.define('user-create-wizard', UserCreateWizard);

declare global {
  interface HTMLElementTagNameMap {
    'user-create-wizard': UserCreateWizard;
  }

  interface GlobalEventHandlersEventMap {
    'user-create': CustomEvent<{ userId: string }>;
    'create-cancel': CustomEvent<null>;
    'user-select': CustomEvent<UserSelectDetail>;
    'data-error': CustomEvent<DataErrorDetail>;
  }
}
