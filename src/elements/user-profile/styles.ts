import { css } from 'lit';

export const profileStyles = css`
  :host {
    --user-profile-space: 1rem;
    --user-profile-avatar-size: 3.5rem;
    --user-profile-avatar-background: #8250df;
    --user-profile-avatar-color: #fff;
    --user-profile-text-color: var(--all-users-text-color, currentColor);
    --user-profile-background: var(--all-users-background, transparent);
    --user-profile-border-color: var(--all-users-border-color, #d0d7de);
    --user-profile-secondary-text-color: var(--all-users-secondary-text-color, #57606a);
    --user-profile-error-color: var(--all-users-error-color, #b3261e);
    --user-profile-accent-color: var(--all-users-accent-color, #0969da);
    /* Tints of the border and accent colors, so that a dark theme darkens them too. */
    --user-profile-chip-background: color-mix(in srgb, var(--user-profile-border-color) 45%, transparent);
    --user-profile-inbound-background: color-mix(in srgb, var(--user-profile-border-color) 20%, transparent);
    --user-profile-outbound-background: color-mix(in srgb, var(--user-profile-accent-color) 14%, transparent);
    --user-profile-thumbnail-size: 8rem;
    --_user-form-space: var(--user-profile-space);
    --_user-form-secondary-text-color: var(--user-profile-secondary-text-color);
    --_user-form-error-color: var(--user-profile-error-color);
    display: block;
    box-sizing: border-box;
    padding: var(--user-profile-space);
    font: inherit;
    /* currentColor as the value of color inherits the page's color. */
    color: var(--user-profile-text-color);
    background: var(--user-profile-background);
  }

  :host([hidden]) {
    display: none;
  }

  .header {
    display: flex;
    align-items: flex-start;
    gap: var(--user-profile-space);
  }

  .header-main {
    flex: 1;
    min-width: 0;
  }

  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: var(--user-profile-avatar-size);
    height: var(--user-profile-avatar-size);
    border-radius: 50%;
    background: var(--user-profile-avatar-background);
    color: var(--user-profile-avatar-color);
    font-weight: 600;
    font-size: calc(var(--user-profile-avatar-size) / 2.6);
    forced-color-adjust: none;
  }

  .name {
    margin: 0 0 0.25rem;
    font-size: 1.4em;
    overflow-wrap: anywhere;
  }

  .identifiers,
  .chips,
  .notes,
  .thumbnails {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .identifier {
    display: flex;
    align-items: center;
    gap: 0.4em;
    overflow-wrap: anywhere;
  }

  .identifier-text {
    user-select: all;
  }

  .copy {
    display: inline-grid;
    place-items: center;
    padding: 0.3em;
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: 0.25rem;
    cursor: pointer;
  }

  .copy:hover {
    border-color: var(--user-profile-border-color);
  }

  .copy:focus-visible {
    outline: 2px solid var(--user-profile-accent-color);
  }

  .identifier-label,
  .muted {
    color: var(--user-profile-secondary-text-color);
  }

  .channel {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
  }

  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem calc(var(--user-profile-space) * 2);
    margin: var(--user-profile-space) 0;
  }

  .facts dt {
    font-size: 0.8em;
    color: var(--user-profile-secondary-text-color);
  }

  .facts dd {
    margin: 0;
  }

  .status-line {
    min-height: 1.5em;
    margin: 0 0 0.5rem;
  }

  .error {
    color: var(--user-profile-error-color);
  }

  .state {
    padding: var(--user-profile-space);
    border: 1px solid var(--user-profile-border-color);
    border-radius: 0.5rem;
  }

  .edit-form {
    border: 1px solid var(--user-profile-border-color);
    border-radius: 0.5rem;
    padding: var(--user-profile-space);
    margin-bottom: var(--user-profile-space);
  }

  .edit-form h3 {
    margin-top: 0;
  }

  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: var(--user-profile-space);
  }

  .conflict {
    border: 1px solid var(--user-profile-error-color);
    border-radius: 0.5rem;
    padding: 0.5rem var(--user-profile-space);
  }

  .tabs {
    display: flex;
    flex-wrap: wrap;
    border-bottom: 1px solid var(--user-profile-border-color);
  }

  .tab {
    font: inherit;
    color: inherit;
    background: none;
    border: none;
    border-bottom: 3px solid transparent;
    padding: 0.5rem 0.9rem;
    cursor: pointer;
  }

  .tab[aria-selected='true'] {
    border-bottom-color: var(--user-profile-accent-color);
    font-weight: 600;
  }

  .tab:focus-visible,
  .panel:focus-visible {
    outline: 2px solid var(--user-profile-accent-color);
    outline-offset: -2px;
  }

  .panel {
    padding: var(--user-profile-space) 0;
  }

  .panel[hidden] {
    display: none;
  }

  .conversation-list > * + * {
    margin-top: var(--user-profile-space);
  }

  .thumbnails {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--user-profile-thumbnail-size), 1fr));
    gap: var(--user-profile-space);
  }

  .thumbnail {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    overflow-wrap: anywhere;
    font-size: 0.9em;
  }

  .thumbnail img {
    width: 100%;
    aspect-ratio: 1;
    object-fit: cover;
    border-radius: 0.25rem;
    border: 1px solid var(--user-profile-border-color);
  }

  table {
    border-collapse: collapse;
    width: 100%;
  }

  th,
  td {
    text-align: start;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--user-profile-border-color);
    overflow-wrap: anywhere;
  }

  td a + a {
    margin-inline-start: 0.75em;
  }

  .note {
    border-bottom: 1px solid var(--user-profile-border-color);
    padding: 0.5rem 0;
  }

  .note p {
    margin: 0 0 0.25rem;
  }

  .note-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .note-input {
    width: 100%;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-bottom: var(--user-profile-space);
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline-start: 0.75em;
    border-radius: 1em;
    background: var(--user-profile-chip-background);
    border: 1px solid var(--user-profile-border-color);
  }

  .add-group {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem;
  }

  .attributes {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.35rem var(--user-profile-space);
  }

  .attributes div {
    display: contents;
  }

  .attributes dt {
    font-weight: 600;
  }

  .attributes dd {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  @media (forced-colors: active) {
    /* Forced colors paint every tab's transparent border, so the selected tab keeps its own colors. */
    .tab {
      forced-color-adjust: none;
      color: ButtonText;
      background: ButtonFace;
      border-bottom-color: ButtonFace;
    }

    .tab[aria-selected='true'] {
      color: Highlight;
      border-bottom-color: Highlight;
    }

    .tab:focus-visible {
      outline-color: Highlight;
    }
  }
`;
