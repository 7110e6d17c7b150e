// Compile-only checks of the public typings: `npm run typecheck` fails when
// a tag or an event loses its type. Nothing here runs.
import '../../src/elements/user-profile/define.js';
import '../../src/elements/user-create-wizard/define.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';

export function checkTagNames(): void {
  const profile: UserProfile = document.createElement('user-profile');
  const wizard: UserCreateWizard = document.createElement('user-create-wizard');
  profile.userId = 'u1';

  // @ts-expect-error: userId is a string.
  profile.userId = 1;

  void wizard;
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
  target.addEventListener('data-error', (event) => {
    const error: unknown = event.detail.error;
    void error;
  });
}
