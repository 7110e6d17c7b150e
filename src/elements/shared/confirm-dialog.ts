import { html, type TemplateResult } from 'lit';

export interface ConfirmDialogOptions {
  /** Class of the dialog, for tests and the host's styles. */
  className: string;
  header: string;
  text: string;
  confirmText: string;
  cancelText: string;
  opened: boolean;
  confirm(): void;
  /** Called when the dialog closes without confirmation: its cancel button or Escape. */
  dismiss(): void;
}

/** Renders a vaadin-confirm-dialog for a destructive action, with the confirm button styled as an error. */
export function renderConfirmDialog(options: ConfirmDialogOptions): TemplateResult {
  return html`
    <vaadin-confirm-dialog
      class=${options.className}
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
      >${options.text}</vaadin-confirm-dialog
    >
  `;
}
