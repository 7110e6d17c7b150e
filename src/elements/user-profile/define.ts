import '@vaadin/button';
import '@vaadin/combo-box';
import '@vaadin/confirm-dialog';
import '@vaadin/text-area';
import '@vaadin/text-field';
import type { DataErrorDetail, UserSelectDetail } from '../shared/events.js';
import type { User } from '../../model/types.js';
import { ConversationLog } from './conversation-log.js';
import { UserProfile } from './user-profile.js';

export { UserProfile, ConversationLog };
export type { ProfileStatus } from './user-profile.js';

if (!customElements.get('user-profile-conversation-log')) {
  customElements.define('user-profile-conversation-log', ConversationLog);
}
if (!customElements.get('user-profile')) customElements.define('user-profile', UserProfile);

declare global {
  interface HTMLElementTagNameMap {
    'user-profile': UserProfile;
    'user-profile-conversation-log': ConversationLog;
  }

  interface GlobalEventHandlersEventMap {
    'user-select': CustomEvent<UserSelectDetail>;
    'user-update': CustomEvent<{ user: User }>;
    'data-error': CustomEvent<DataErrorDetail>;
  }
}
