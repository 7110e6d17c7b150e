// A React host: create a user with the wizard, then show its profile and
// the table of all users. The
// wrappers pass properties as props and events as `on…` callbacks.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AllUsersTableReact, UserCreateWizardReact, UserProfileReact } from 'all-users-elements/react';

function App() {
  const [userId, setUserId] = useState<string | null>(null);

  if (userId) {
    return (
      <section>
        <p data-testid="created">Created {userId}</p>
        <UserProfileReact userId={userId} onUserSelect={(event) => setUserId(event.detail.userId)} />
        <AllUsersTableReact onUserSelect={(event) => setUserId(event.detail.userId)} />
      </section>
    );
  }
  return <UserCreateWizardReact defaultCountry="GB" onUserCreate={(event) => setUserId(event.detail.userId)} />;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
