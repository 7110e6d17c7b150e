import { css } from 'lit';

export const wizardStyles = css`
  :host {
    --user-create-wizard-space: 1rem;
    --user-create-wizard-border-color: var(--all-users-border-color, #d0d7de);
    --user-create-wizard-secondary-text-color: var(--all-users-secondary-text-color, #57606a);
    --user-create-wizard-error-color: var(--all-users-error-color, #b3261e);
    --user-create-wizard-current-step-color: var(--all-users-accent-color, #0969da);
    --user-create-wizard-group-list-height: 16rem;
    display: block;
    box-sizing: border-box;
    padding: var(--user-create-wizard-space);
    --_user-form-space: var(--user-create-wizard-space);
    --_user-form-secondary-text-color: var(--user-create-wizard-secondary-text-color);
    --_user-form-error-color: var(--user-create-wizard-error-color);
  }

  :host([hidden]) {
    display: none;
  }

  .steps {
    display: flex;
    gap: var(--user-create-wizard-space);
    list-style: none;
    margin: 0 0 var(--user-create-wizard-space);
    padding: 0;
  }

  .steps li {
    color: var(--user-create-wizard-secondary-text-color);
  }

  .steps li::before {
    /* The number comes from Intl, in the locale's digits. */
    content: attr(data-number) '. ';
  }

  .steps li[aria-current='step'] {
    color: var(--user-create-wizard-current-step-color);
    font-weight: 600;
  }

  h2 {
    margin: 0 0 var(--user-create-wizard-space);
    font-size: 1.2em;
  }

  h2:focus {
    outline: none;
  }

  fieldset {
    border: none;
    margin: var(--user-create-wizard-space) 0;
    padding: 0;
  }

  legend {
    font-weight: 600;
    padding: 0;
  }

  .muted {
    color: var(--user-create-wizard-secondary-text-color);
  }

  .error {
    color: var(--user-create-wizard-error-color);
  }

  .preferences ul,
  .group-list ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .group-list ul {
    max-height: var(--user-create-wizard-group-list-height);
    overflow-y: auto;
  }

  .group-description {
    margin-inline-start: 0.5em;
    font-size: 0.875em;
  }

  .group-search,
  .new-group-name,
  .new-group-description {
    width: min(100%, 24rem);
  }

  .buttons,
  .footer {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .footer {
    justify-content: flex-end;
    margin-top: var(--user-create-wizard-space);
    padding-top: var(--user-create-wizard-space);
    border-top: 1px solid var(--user-create-wizard-border-color);
  }

  .footer .cancel {
    margin-inline-end: auto;
  }

  @media (forced-colors: active) {
    /* Forced colors remove the current step's color, so it is underlined too. */
    .steps li[aria-current='step'] {
      text-decoration: underline;
    }
  }
`;
