import type { ComboBox } from '@vaadin/combo-box';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { UserDataProvider, UserSelection, UserSort } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import type { TextDirection } from '../../i18n/locale-controller.js';
import type { Group } from '../../model/types.js';
import { downloadCsv, exportFileName, exportUsers } from './csv-export.js';
import { renderConfirmDialog } from '../shared/confirm-dialog.js';
import { t } from './messages.js';
import { isAbortError } from './page-loader.js';

export type BulkAction = 'add-to-group' | 'remove-from-group' | 'export' | 'delete';

/** Detail of `csv-export`. */
export interface CsvExportDetail {
  /** The CSV text: a header row, then one row per user, CRLF line ends, formula cells prefixed with `'`. */
  csv: string;
  fileName: string;
  /** Users in the file, header excluded. */
  rowCount: number;
}

/** Detail of `users-delete`. */
export interface UsersDeleteDetail {
  selection: UserSelection;
  /** The number of users the confirmation named. */
  count: number;
}

/** Detail of `bulk-action`. */
export interface BulkActionDetail {
  action: BulkAction;
  /** Users the provider reports as changed, or the rows exported. */
  count: number;
  /** The group of `add-to-group` and `remove-from-group`. */
  groupId?: string;
}

/** The table as the bulk actions see it. */
export interface BulkActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly selection: UserSelection | null;
  readonly selectedCount: number;
  readonly sort: UserSort;
  currentProvider(): UserDataProvider | undefined;
  groupNameByImportId(): ReadonlyMap<string, string>;
  clearSelection(): void;
  /** Called after every write, whether it succeeded or not, so the rows are read again. */
  afterBulkWrite(): void;
  /** Reports a failure as the table's `data-error` event. */
  reportError(error: unknown, operation: BulkAction): void;
}

export interface TableMessage {
  kind: 'success' | 'error' | 'info';
  /** Returns the text in the current locale, so the message follows a locale switch. */
  text: () => string;
}

interface BusyState {
  /** Returns the text in the current locale, so the status follows a locale switch. */
  text: () => string;
  /** Present while an export runs, so it can be cancelled. */
  controller?: AbortController;
}

/** Options of the bulk bar that the table decides. */
export interface BulkBarOptions {
  /** Total matching users, for "Select all N matching"; undefined hides that button. */
  selectAllCount?: number;
  onSelectAll: () => void;
}

/**
 * Runs the bulk actions on the table's selection (add to or remove from a
 * group, export CSV, delete) and renders their bar, dialogs and result
 * message. A result message names what the provider reported; a failure
 * shows the provider's error and never a success.
 */
export class BulkActionsController implements ReactiveController {
  busy?: BusyState;
  message?: TableMessage;
  groupDialog?: 'add' | 'remove';
  /** The group dialog's error, as a function so that it follows a locale switch. */
  groupDialogError: (() => string) | undefined;
  deleteDialogOpen = false;
  /** The button that opened a dialog, focused again when it closes. */
  private opener?: HTMLElement;

  constructor(private readonly host: BulkActionsHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.busy?.controller?.abort();
  }

  renderBar(options: BulkBarOptions): TemplateResult | typeof nothing {
    const count = this.host.selectedCount;
    if (count === 0 && !this.busy) return nothing;

    const disabled = this.busy !== undefined || count === 0;
    return html`<div part="bulk-bar" role="toolbar" aria-label=${t('bulk-label')}>
      <span class="selected-count">${t('selected-count', { count })}</span>
      ${options.selectAllCount !== undefined
        ? html`<vaadin-button theme="tertiary" ?disabled=${disabled} @click=${options.onSelectAll}
            >${t('select-all-matching', { count: options.selectAllCount })}</vaadin-button
          >`
        : nothing}
      <vaadin-button ?disabled=${disabled} @click=${(event: Event) => this.openGroupDialog(event, 'add')}
        >${t('add-to-group')}</vaadin-button
      >
      <vaadin-button ?disabled=${disabled} @click=${(event: Event) => this.openGroupDialog(event, 'remove')}
        >${t('remove-from-group')}</vaadin-button
      >
      <vaadin-button ?disabled=${disabled} @click=${this.exportSelection}>${t('export-csv')}</vaadin-button>
      <vaadin-button theme="error" ?disabled=${disabled} @click=${this.openDeleteDialog}>${t('delete')}</vaadin-button>
      <vaadin-button theme="tertiary" ?disabled=${disabled} @click=${() => this.host.clearSelection()}
        >${t('clear-selection')}</vaadin-button
      >
      ${this.busy ? html`<span role="status">${this.busy.text()}</span>` : nothing}
      ${this.busy?.controller
        ? html`<vaadin-button theme="tertiary" @click=${() => this.busy?.controller?.abort()}
            >${t('cancel-export')}</vaadin-button
          >`
        : nothing}
    </div>`;
  }

  renderMessage(): TemplateResult | typeof nothing {
    const message = this.message;
    if (!message) return nothing;
    return html`<div part="message" data-kind=${message.kind} role=${message.kind === 'error' ? 'alert' : 'status'}>
      <span class="message-text">${message.text()}</span>
      <vaadin-button theme="tertiary" @click=${() => this.update({ message: undefined })}
        >${t('dismiss-message')}</vaadin-button
      >
    </div>`;
  }

  renderDialogs(groups: readonly Group[], dir: TextDirection): TemplateResult {
    const count = this.host.selectedCount;
    const mode = this.groupDialog;
    const title = mode === 'remove' ? t('group-dialog-remove-title', { count }) : t('group-dialog-add-title', { count });
    return html`<vaadin-dialog
        dir=${dir}
        header-title=${title}
        .opened=${mode !== undefined}
        @opened-changed=${(event: CustomEvent<{ value: boolean }>) => {
          if (!event.detail.value && this.groupDialog) this.closeGroupDialog();
        }}
      >
        <div class="dialog-body">
          ${groups.length === 0
            ? html`<p>${t('no-groups')}</p>`
            : html`<vaadin-combo-box
                id="group-combo"
                dir=${dir}
                label=${t('group-field')}
                required
                item-label-path="name"
                item-value-path="id"
                .items=${groups}
                error-message=${this.groupDialogError?.() ?? ''}
                ?invalid=${this.groupDialogError !== undefined}
                @keydown=${(event: KeyboardEvent) => this.onGroupComboKeyDown(event, groups)}
              ></vaadin-combo-box>`}
        </div>
        <vaadin-button slot="footer" @click=${this.closeGroupDialog}>${t('cancel')}</vaadin-button>
        <vaadin-button
          slot="footer"
          theme="primary"
          ?disabled=${groups.length === 0}
          @click=${(event: Event) => this.confirmGroupDialog(event, groups)}
          >${mode === 'remove' ? t('remove') : t('add')}</vaadin-button
        >
      </vaadin-dialog>
      ${renderConfirmDialog({
        className: 'delete-dialog',
        header: t('delete-title', { count }),
        text: t('delete-message'),
        confirmText: t('delete'),
        cancelText: t('cancel'),
        opened: this.deleteDialogOpen,
        dir,
        confirm: this.deleteSelection,
        dismiss: () => {
          this.update({ deleteDialogOpen: false });
          this.restoreFocus();
        },
      })}`;
  }

  showMessage(kind: TableMessage['kind'], text: () => string): void {
    this.update({ message: { kind, text } });
  }

  private update(changes: Partial<Pick<BulkActionsController, 'busy' | 'message' | 'groupDialog' | 'groupDialogError' | 'deleteDialogOpen'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  private openGroupDialog(event: Event, mode: 'add' | 'remove'): void {
    this.opener = event.currentTarget as HTMLElement;
    this.update({ groupDialog: mode, groupDialogError: undefined });
  }

  private readonly closeGroupDialog = (): void => {
    this.update({ groupDialog: undefined });
    this.restoreFocus();
  };

  private groupCombo(): ComboBox<Group> | null {
    return this.host.renderRoot.querySelector<ComboBox<Group>>('#group-combo');
  }

  private onGroupComboKeyDown(event: KeyboardEvent, groups: readonly Group[]): void {
    // Enter on a closed combo box with a chosen group confirms, as a form would.
    if (event.key === 'Enter' && !(event.currentTarget as ComboBox<Group>).opened && this.groupCombo()?.value) {
      void this.confirmGroupDialog(event, groups);
    }
  }

  private async confirmGroupDialog(_event: Event, groups: readonly Group[]): Promise<void> {
    const mode = this.groupDialog;
    if (!mode) return;
    const groupId = this.groupCombo()?.value;
    const group = groups.find((candidate) => candidate.id === groupId);
    if (!group) {
      this.update({ groupDialogError: () => t('group-required') });
      return;
    }
    this.closeGroupDialog();
    await this.changeMembership(mode, group);
  }

  private async changeMembership(mode: 'add' | 'remove', group: Group): Promise<void> {
    const selection = this.host.selection;
    const provider = this.host.currentProvider();
    if (!selection || !provider) return;
    const action: BulkAction = mode === 'add' ? 'add-to-group' : 'remove-from-group';

    this.update({ busy: { text: () => t(mode === 'add' ? 'working-add' : 'working-remove', { group: group.name }) }, message: undefined });
    try {
      const count =
        mode === 'add' ? await provider.addToGroup(group.id, selection) : await provider.removeFromGroup(group.id, selection);
      this.showMessage('success', () => t(mode === 'add' ? 'result-add' : 'result-remove', { count, group: group.name }));
      this.dispatch('bulk-action', { action, count, groupId: group.id });
    } catch (error) {
      this.showMessage('error', () => t(mode === 'add' ? 'error-add' : 'error-remove', { group: group.name, reason: describeError(error) }));
      this.host.reportError(error, action);
    } finally {
      this.update({ busy: undefined });
      this.host.afterBulkWrite();
    }
  }

  private readonly exportSelection = async (): Promise<void> => {
    const selection = this.host.selection;
    const provider = this.host.currentProvider();
    if (!selection || !provider) return;

    const controller = new AbortController();
    const working = (exported: number): BusyState => ({ text: () => t('working-export', { count: exported }), controller });
    this.update({ busy: working(0), message: undefined });
    try {
      const result = await exportUsers({
        provider,
        selection,
        sort: this.host.sort,
        groupNameByImportId: this.host.groupNameByImportId(),
        signal: controller.signal,
        onProgress: ({ exported }) => this.update({ busy: working(exported) }),
      });
      const fileName = exportFileName();
      const download = this.dispatch(
        'csv-export',
        { csv: result.csv, fileName, rowCount: result.rowCount } satisfies CsvExportDetail,
        { cancelable: true },
      );
      if (download) downloadCsv(result.csv, fileName);

      // A host that cancelled the download handles the CSV, so it reports the outcome itself.
      const parts = () =>
        [
          download ? t('result-export', { count: result.rowCount, file: fileName }) : '',
          result.missing > 0 ? t('result-export-missing', { count: result.missing }) : '',
        ].filter(Boolean);
      if (parts().length > 0) this.showMessage('success', () => parts().join(' '));
      this.dispatch('bulk-action', { action: 'export', count: result.rowCount } satisfies BulkActionDetail);
    } catch (error) {
      if (isAbortError(error)) {
        this.showMessage('info', () => t('result-export-cancelled'));
      } else {
        this.showMessage('error', () => t('error-export', { reason: describeError(error) }));
        this.host.reportError(error, 'export');
      }
    } finally {
      this.update({ busy: undefined });
    }
  };

  private readonly openDeleteDialog = (event: Event): void => {
    this.opener = event.currentTarget as HTMLElement;
    this.update({ deleteDialogOpen: true });
  };

  private readonly deleteSelection = async (): Promise<void> => {
    this.update({ deleteDialogOpen: false });
    const selection = this.host.selection;
    const provider = this.host.currentProvider();
    if (!selection || !provider) return;

    const detail: UsersDeleteDetail = { selection, count: this.host.selectedCount };
    if (!this.dispatch('users-delete', detail, { cancelable: true })) return;

    this.update({ busy: { text: () => t('working-delete') }, message: undefined });
    try {
      const deleted = await provider.deleteUsers(selection);
      this.host.clearSelection();
      this.showMessage('success', () => t('result-delete', { count: deleted }));
      this.dispatch('bulk-action', { action: 'delete', count: deleted } satisfies BulkActionDetail);
    } catch (error) {
      this.showMessage('error', () => t('error-delete', { reason: describeError(error) }));
      this.host.reportError(error, 'delete');
    } finally {
      this.update({ busy: undefined });
      this.host.afterBulkWrite();
      await this.host.updateComplete;
      this.restoreFocus();
    }
  };

  /** Focuses the button that opened the dialog, or the grid when that button is gone (the bulk bar hides without a selection). */
  private restoreFocus(): void {
    const opener = this.opener;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
    else this.host.renderRoot.querySelector<HTMLElement>('vaadin-grid')?.focus();
  }

  /** Dispatches an event from the table; returns false when a listener cancelled it. */
  private dispatch<T>(type: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.host.dispatchEvent(
      new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
    );
  }
}
