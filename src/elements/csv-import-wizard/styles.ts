import { css } from 'lit';

export const wizardStyles = css`
  :host {
    --csv-import-wizard-accent-color: var(--all-users-accent-color, var(--lumo-primary-color, #1a5fb4));
    --csv-import-wizard-text-color: var(--all-users-text-color, var(--lumo-body-text-color, #1f2328));
    --csv-import-wizard-muted-color: var(--all-users-secondary-text-color, var(--lumo-secondary-text-color, #57606a));
    --csv-import-wizard-background: var(--all-users-background, var(--lumo-base-color, #ffffff));
    --csv-import-wizard-surface: var(--lumo-contrast-5pct, #f6f8fa);
    --csv-import-wizard-border-color: var(--all-users-border-color, var(--lumo-contrast-20pct, #d0d7de));
    --csv-import-wizard-error-color: var(--all-users-error-color, var(--lumo-error-text-color, #b3261e));
    --csv-import-wizard-warning-color: var(--lumo-warning-text-color, #7a4d00);
    --csv-import-wizard-warning-background: var(--lumo-warning-color-10pct, #fff8e1);
    --csv-import-wizard-invalid-background: var(--lumo-error-color-10pct, #fdecea);
    --csv-import-wizard-success-color: var(--all-users-success-color, var(--lumo-success-text-color, #1a7f37));
    --csv-import-wizard-radius: var(--all-users-radius, 8px);
    --csv-import-wizard-spacing: 1rem;
    --csv-import-wizard-font-family: inherit;
    --csv-import-wizard-font-size: 0.9375rem;

    display: block;
    box-sizing: border-box;
    color: var(--csv-import-wizard-text-color);
    background: var(--csv-import-wizard-background);
    font-family: var(--csv-import-wizard-font-family);
    font-size: var(--csv-import-wizard-font-size);
    line-height: 1.5;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: var(--csv-import-wizard-spacing);
    padding: var(--csv-import-wizard-spacing);
  }

  [part='step-list'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part='step-list'] li {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: var(--csv-import-wizard-muted-color);
  }

  [part='step-list'] li::before {
    /* The number comes from Intl, in the locale's digits. */
    content: attr(data-number);
    display: inline-grid;
    place-items: center;
    inline-size: 1.75rem;
    block-size: 1.75rem;
    border: 2px solid currentColor;
    border-radius: 50%;
    font-weight: 600;
  }

  [part='step-list'] li[aria-current='step'] {
    color: var(--csv-import-wizard-accent-color);
    font-weight: 600;
  }

  [part='step-list'] li.done {
    color: var(--csv-import-wizard-text-color);
  }

  h2 {
    margin: 0;
    font-size: 1.25rem;
  }

  h2:focus {
    outline: none;
  }

  h2:focus-visible {
    outline: 2px solid var(--csv-import-wizard-accent-color);
    outline-offset: 2px;
  }

  h3 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }

  p {
    margin: 0;
  }

  section {
    display: flex;
    flex-direction: column;
    gap: var(--csv-import-wizard-spacing);
    min-inline-size: 0;
  }

  .muted {
    color: var(--csv-import-wizard-muted-color);
  }

  .error {
    color: var(--csv-import-wizard-error-color);
    font-weight: 500;
  }

  .warning {
    color: var(--csv-import-wizard-warning-color);
  }

  [part='drop-zone'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    padding: calc(var(--csv-import-wizard-spacing) * 2);
    border: 2px dashed var(--csv-import-wizard-border-color);
    border-radius: var(--csv-import-wizard-radius);
    background: var(--csv-import-wizard-surface);
    text-align: center;
  }

  [part='drop-zone'].dragging {
    border-color: var(--csv-import-wizard-accent-color);
  }

  .file-button {
    display: inline-block;
    padding: 0.5rem 1rem;
    border: 1px solid var(--csv-import-wizard-accent-color);
    border-radius: var(--csv-import-wizard-radius);
    color: var(--csv-import-wizard-accent-color);
    background: var(--csv-import-wizard-background);
    font-weight: 600;
    cursor: pointer;
  }

  input[type='file']:focus-visible + .file-button {
    outline: 2px solid var(--csv-import-wizard-accent-color);
    outline-offset: 2px;
  }

  .sources {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .settings {
    display: flex;
    flex-wrap: wrap;
    gap: var(--csv-import-wizard-spacing);
    margin: 0;
    padding: 0;
    border: 0;
  }

  .settings legend {
    margin-block-end: 0.5rem;
    padding: 0;
    font-weight: 600;
  }

  label.select {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    font-size: 0.875rem;
    color: var(--csv-import-wizard-muted-color);
  }

  select,
  input.description {
    min-block-size: 2.25rem;
    padding: 0.25rem 0.5rem;
    border: 1px solid var(--csv-import-wizard-border-color);
    border-radius: calc(var(--csv-import-wizard-radius) / 2);
    color: var(--csv-import-wizard-text-color);
    background: var(--csv-import-wizard-background);
    font: inherit;
  }

  select:focus-visible,
  input.description:focus-visible {
    outline: 2px solid var(--csv-import-wizard-accent-color);
    outline-offset: 1px;
  }

  .table-scroll {
    max-inline-size: 100%;
    overflow: auto;
    border: 1px solid var(--csv-import-wizard-border-color);
    border-radius: var(--csv-import-wizard-radius);
  }

  .table-scroll:focus-visible {
    outline: 2px solid var(--csv-import-wizard-accent-color);
    outline-offset: 2px;
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
  }

  caption {
    padding: 0.5rem 0.75rem;
    font-weight: 600;
    text-align: start;
  }

  th,
  td {
    padding: 0.375rem 0.75rem;
    border-block-start: 1px solid var(--csv-import-wizard-border-color);
    text-align: start;
    vertical-align: top;
  }

  thead th {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    background: var(--csv-import-wizard-surface);
    font-size: 0.875rem;
    white-space: nowrap;
  }

  [part='preview-table'] td {
    max-inline-size: 16rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  td.invalid {
    color: var(--csv-import-wizard-error-color);
    background: var(--csv-import-wizard-invalid-background);
    text-decoration: underline wavy;
  }

  td.warned {
    color: var(--csv-import-wizard-warning-color);
    background: var(--csv-import-wizard-warning-background);
  }

  tr.rejected th,
  tr.rejected td:not(.invalid, .status) {
    color: var(--csv-import-wizard-muted-color);
  }

  tr.rejected td.status {
    color: var(--csv-import-wizard-error-color);
  }

  .samples {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .samples li {
    max-inline-size: 14rem;
    padding: 0 0.375rem;
    overflow: hidden;
    border-radius: 4px;
    background: var(--csv-import-wizard-surface);
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .column-label {
    font-weight: 600;
  }

  .counts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }

  .counts div {
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--csv-import-wizard-border-color);
    border-radius: var(--csv-import-wizard-radius);
  }

  .counts dt {
    color: var(--csv-import-wizard-muted-color);
    font-size: 0.875rem;
  }

  .counts dd {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 600;
  }

  .list {
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  details > summary {
    font-weight: 600;
    cursor: pointer;
  }

  details > summary:focus-visible {
    outline: 2px solid var(--csv-import-wizard-accent-color);
    outline-offset: 2px;
  }

  details[open] > summary {
    margin-block-end: 0.5rem;
  }

  .notice {
    padding: 0.75rem 1rem;
    border: 1px solid var(--csv-import-wizard-border-color);
    border-inline-start: 4px solid var(--csv-import-wizard-accent-color);
    border-radius: var(--csv-import-wizard-radius);
  }

  .notice.error {
    border-inline-start-color: var(--csv-import-wizard-error-color);
  }

  .notice.success {
    border-inline-start-color: var(--csv-import-wizard-success-color);
  }

  .notice.warning {
    border-inline-start-color: var(--csv-import-wizard-warning-color);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }

  a.download {
    color: var(--csv-import-wizard-accent-color);
    font-weight: 600;
  }

  [part='footer'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
    padding-block-start: var(--csv-import-wizard-spacing);
    border-block-start: 1px solid var(--csv-import-wizard-border-color);
  }

  [part='footer'] .spacer {
    flex: 1;
  }

  vaadin-progress-bar {
    inline-size: 100%;
  }

  vaadin-text-field,
  vaadin-text-area {
    inline-size: 100%;
    max-inline-size: 36rem;
  }

  @media (forced-colors: active) {
    td.invalid,
    td.warned {
      border: 2px solid CanvasText;
    }

    [part='step-list'] li[aria-current='step'] {
      text-decoration: underline;
    }
  }
`;
