import { css } from 'lit';

export const tableStyles = css`
  :host {
    --all-users-table-background: var(--all-users-background, var(--vaadin-background-color, Canvas));
    --all-users-table-text-color: var(--all-users-text-color, var(--vaadin-text-color, CanvasText));
    --all-users-table-secondary-text-color: var(--all-users-secondary-text-color, var(--vaadin-text-color-secondary, GrayText));
    --all-users-table-border-color: var(--all-users-border-color, var(--vaadin-border-color-secondary, #d0d7de));
    --all-users-table-accent-color: var(--all-users-accent-color, #0b57d0);
    --all-users-table-selected-background: color-mix(in srgb, var(--all-users-table-accent-color) 14%, transparent);
    --all-users-table-error-color: var(--all-users-error-color, #b3261e);
    --all-users-table-success-color: var(--all-users-success-color, #1a7f37);
    --all-users-table-font-family: inherit;
    --all-users-table-font-size: 0.875rem;
    --all-users-table-spacing: 0.5rem;
    --all-users-table-radius: var(--all-users-radius, 6px);
    --all-users-table-avatar-size: 1.75rem;

    display: flex;
    flex-direction: column;
    gap: var(--all-users-table-spacing);
    box-sizing: border-box;
    height: 36rem;
    min-height: 16rem;
    font-family: var(--all-users-table-font-family);
    font-size: var(--all-users-table-font-size);
    color: var(--all-users-table-text-color);
    background: var(--all-users-table-background);
  }

  :host([hidden]) {
    display: none;
  }

  [hidden] {
    display: none !important;
  }

  [part~='toolbar'],
  [part~='filters'],
  [part~='bulk-bar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--all-users-table-spacing);
  }

  [part~='search'] {
    flex: 1 1 18rem;
    min-width: 12rem;
  }

  [part~='count'] {
    margin-inline-start: auto;
    align-self: center;
    color: var(--all-users-table-secondary-text-color);
    white-space: nowrap;
  }

  [part~='filters'] vaadin-multi-select-combo-box {
    width: 12rem;
  }

  .date-field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    color: var(--all-users-table-secondary-text-color);
  }

  .date-field input {
    font: inherit;
    color: var(--all-users-table-text-color);
    background: var(--all-users-table-background);
    border: 1px solid var(--vaadin-border-color, var(--all-users-table-border-color));
    border-radius: var(--all-users-table-radius);
    padding: 0.375rem 0.5rem;
    color-scheme: inherit;
  }

  .date-field input:focus-visible {
    outline: 2px solid var(--all-users-table-accent-color);
    outline-offset: 1px;
  }

  .date-field input[aria-invalid='true'] {
    border-color: var(--all-users-table-error-color);
  }

  .field-error {
    flex-basis: 100%;
    color: var(--all-users-table-error-color);
  }

  [part~='column-chooser'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--all-users-table-spacing);
    padding: var(--all-users-table-spacing);
    border: 1px solid var(--all-users-table-border-color);
    border-radius: var(--all-users-table-radius);
  }

  [part~='bulk-bar'] {
    align-items: center;
    padding: var(--all-users-table-spacing);
    border-radius: var(--all-users-table-radius);
    background: var(--all-users-table-selected-background);
  }

  .selected-count {
    font-weight: 600;
  }

  [part~='message'] {
    display: flex;
    align-items: center;
    gap: var(--all-users-table-spacing);
    padding: var(--all-users-table-spacing);
    border-inline-start: 4px solid var(--all-users-table-success-color);
    border-radius: var(--all-users-table-radius);
    background: color-mix(in srgb, var(--all-users-table-success-color) 10%, transparent);
  }

  [part~='message'][data-kind='error'] {
    border-inline-start-color: var(--all-users-table-error-color);
    background: color-mix(in srgb, var(--all-users-table-error-color) 10%, transparent);
  }

  [part~='message'] .message-text {
    flex: 1;
  }

  .grid-area {
    position: relative;
    display: flex;
    flex: 1 1 auto;
    min-height: 0;
  }

  vaadin-grid {
    flex: 1 1 auto;
    height: auto;
    min-height: 0;
    --vaadin-grid-background: var(--all-users-table-background);
    --vaadin-grid-border-color: var(--all-users-table-border-color);
    --vaadin-grid-border-radius: var(--all-users-table-radius);
    --vaadin-grid-header-text-color: var(--all-users-table-secondary-text-color);
    --vaadin-grid-row-selected-background-color: var(--all-users-table-selected-background);
  }

  [part~='state'] {
    display: flex;
    flex: 1 1 auto;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: var(--all-users-table-spacing);
    padding: calc(var(--all-users-table-spacing) * 4);
    text-align: center;
    border: 1px dashed var(--all-users-table-border-color);
    border-radius: var(--all-users-table-radius);
  }

  [part~='state'] h2 {
    margin: 0;
    font-size: 1.125rem;
  }

  [part~='state'] p {
    margin: 0;
    max-width: 40rem;
    color: var(--all-users-table-secondary-text-color);
  }

  [part~='state'][data-state='error'] h2 {
    color: var(--all-users-table-error-color);
  }

  .loading-note {
    position: absolute;
    inset-block-start: 3rem;
    inset-inline: 0;
    text-align: center;
    color: var(--all-users-table-secondary-text-color);
    pointer-events: none;
  }

  .name-cell {
    display: flex;
    align-items: center;
    gap: var(--all-users-table-spacing);
    min-width: 0;
  }

  .name-text,
  .source-text {
    overflow: hidden;
    text-overflow: ellipsis;
  }

  [part~='avatar'] {
    display: inline-flex;
    flex: none;
    align-items: center;
    justify-content: center;
    width: var(--all-users-table-avatar-size);
    height: var(--all-users-table-avatar-size);
    border-radius: 50%;
    font-size: calc(var(--all-users-table-avatar-size) * 0.42);
    font-weight: 600;
    color: #fff;
    background: hsl(var(--avatar-hue) 50% 30%);
    forced-color-adjust: none;
  }

  .channel {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
  }

  .channel-icon {
    flex: none;
    color: var(--all-users-table-secondary-text-color);
  }

  .muted {
    color: var(--all-users-table-secondary-text-color);
  }

  .user-id,
  .phone {
    font-variant-numeric: tabular-nums;
  }

  .dialog-body {
    display: flex;
    flex-direction: column;
    gap: var(--all-users-table-spacing);
    min-width: min(22rem, 80vw);
  }

  @media (forced-colors: active) {
    /* The grid marks selected rows with a background image, which forced colors drop. */
    vaadin-grid::part(selected-row-cell) {
      forced-color-adjust: none;
      color: HighlightText;
      background: Highlight;
    }

    [part~='bulk-bar'],
    [part~='message'] {
      border: 1px solid CanvasText;
    }

    [part~='avatar'] {
      color: CanvasText;
      background: Canvas;
      border: 1px solid CanvasText;
    }
  }
`;
