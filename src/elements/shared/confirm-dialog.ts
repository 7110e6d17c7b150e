import { html, type TemplateResult } from 'lit';
import type { TextDirection } from '../../i18n/locale-controller.js';

export interface ConfirmDialogOptions {
  /** Class of the dialog, for tests and the host's styles. */
  className: string;
  header: string;
  text: string;
  confirmText: string;
  cancelText: string;
  opened: boolean;
  /** The host's writing direction, for the dialog's overlay. */
  dir: TextDirection;
  confirm(): void;
  /** Called when the dialog closes without confirmation: its cancel button or Escape. */
  dismiss(): void;
}

/** Renders a vaadin-confirm-dialog for a destructive action, with the confirm button styled as an error. */
export function renderConfirmDialog(options: ConfirmDialogOptions): TemplateResult {
  // vaadin-confirm-dialog 25 copies its message into `aria-description` only
  // when message nodes are added, so a message that changes later, such as
  // after a locale switch, is referenced by id instead.
  const messageId = `${options.className}-message`;
  return html`
    <vaadin-confirm-dialog
      class=${options.className}
      dir=${options.dir}
      accessible-description-ref=${messageId}
      header=${options.header}
      confirm-text=${options.confirmText}
      confirm-theme="error primary"
      cancel-button-visible
      cancel-text=${options.cancelText}
      .opened=${options.opened}
      @confirm=${options.confirm}
      @cancel=${options.dismiss}
      @opened-changed=${(event: CustomEvent<{ value: boolean }>) => {
        if (!event.detail.value && options.opened) options.dismiss();
      }}
      ><div id=${messageId}>${options.text}</div></vaadin-confirm-dialog
    >
  `;
}
