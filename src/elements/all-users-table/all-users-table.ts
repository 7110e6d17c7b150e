import '@vaadin/button/vaadin-button.js';
import '@vaadin/checkbox/vaadin-checkbox.js';
import '@vaadin/combo-box/vaadin-combo-box.js';
import '@vaadin/confirm-dialog/vaadin-confirm-dialog.js';
import '@vaadin/dialog/vaadin-dialog.js';
import type { Grid, GridDataProviderCallback, GridDataProviderParams } from '@vaadin/grid';
import { columnBodyRenderer, columnHeaderRenderer } from '@vaadin/grid/lit.js';
import type { GridColumn } from '@vaadin/grid/vaadin-grid-column.js';
import '@vaadin/grid/vaadin-grid-column.js';
import '@vaadin/grid/vaadin-grid-sorter.js';
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/multi-select-combo-box/vaadin-multi-select-combo-box.js';
import type { TextField } from '@vaadin/text-field';
import '@vaadin/text-field/vaadin-text-field.js';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { DataChange, SortDirection, UserDataProvider, UserFilter, UserSelection, UserSort, UserSortField } from '../../data/provider.js';
import { DEFAULT_SORT, filterKey, isEmptyFilter, normalizeFilter } from '../../data/user-query.js';
import { getLocale } from '../../i18n/catalog.js';
import { describeError } from '../../i18n/data-messages.js';
import { LocaleController, type TextDirection } from '../../i18n/locale-controller.js';
import type { Group, User } from '../../model/types.js';
import { dispatchUserSelect, type DataErrorDetail, type UserSelectDetail } from '../shared/events.js';
import { ProviderController } from '../shared/provider-controller.js';
import { visuallyHiddenStyles } from '../shared/styles.js';
import { gridI18n } from '../shared/vaadin-i18n.js';
import { BulkActionsController, type BulkAction } from './bulk-actions.js';
import { channelCell, idCell, lastActivityCell, nameCell, phoneCell, sourceCell } from './cells.js';
import { COLUMN_IDS, COLUMN_SORT_FIELDS, columnLabel, readHiddenColumns, writeHiddenColumns, type ColumnId } from './columns.js';
import { renderFilters } from './filters.js';
import { t } from './messages.js';
import { isAbortError, stateKey, UserPageLoader, type QueryState } from './page-loader.js';
import { TableSelection } from './selection.js';
import { parseSortAttribute } from './sort.js';
import { tableStyles } from './styles.js';
import { allowEmptyHTML } from '../shared/trusted-types.js';

export type { BulkAction, BulkActionDetail, CsvExportDetail, UsersDeleteDetail } from './bulk-actions.js';
export type { ColumnId } from './columns.js';

export type { UserSelectDetail };

/** Detail of the table's `data-error`: the shared detail plus what failed. */
export interface TableErrorDetail extends DataErrorDetail {
  /** The step that failed: loading rows, loading groups, or a bulk action. */
  operation: 'load' | 'load-groups' | BulkAction;
}

type TableView = 'loading' | 'error' | 'empty' | 'no-results' | 'rows';

/** Grid pages kept before the grid's own cache is reset to bound its memory. */
const GRID_PAGES_BEFORE_RESET = 100;

/** Delay that folds the change notifications of a burst of writes (an import's batches) into one refresh, in ms. */
const REFRESH_DELAY_MS = 200;

/** How often relative times ("5 minutes ago") are brought up to date, in ms. */
const CLOCK_TICK_MS = 60_000;

const COLUMN_WIDTHS: Readonly<Record<ColumnId, string>> = {
  id: '9rem',
  name: '14rem',
  phone: '11rem',
  channel: '10rem',
  source: '12rem',
  lastActivity: '10rem',
};

/**
 * The users dashboard: one row per user of a workspace, over a
 * `UserDataProvider`, with lazy virtual scrolling, sorting by every column,
 * search, filters, a column chooser, selection (up to every user matching a
 * filter) and bulk actions.
 *
 * The provider comes from the `provider` property, else from an ancestor that
 * provides `providerContext`, else the page's default IndexedDB provider.
 * Writes through the provider (in this table, another element or another
 * tab) refresh the rows and the count without losing the scroll position or
 * the selection.
 *
 * Keyboard: Tab moves through the search box, the column chooser, the
 * filters and into the grid. Arrow keys move between cells. Space selects
 * the focused row, and Enter opens it (fires `user-select`).
 *
 * @summary The users dashboard: a lazy, sortable, filterable grid with bulk actions.
 *
 * @fires {CustomEvent<UserSelectDetail>} user-select - A row was clicked, or Enter was pressed on a focused row.
 * @fires {CustomEvent<TableErrorDetail>} data-error - The provider failed while loading rows or groups, or during a bulk action (`detail.operation` says which); the table shows the error too.
 * @fires {CustomEvent<CsvExportDetail>} csv-export - An export is ready. Cancelable: `preventDefault()` stops the download, so the host can handle the CSV text itself.
 * @fires {CustomEvent<UsersDeleteDetail>} users-delete - The user confirmed a deletion, before anything is deleted. Cancelable: `preventDefault()` keeps the users.
 * @fires {CustomEvent<BulkActionDetail>} bulk-action - A bulk action succeeded; never fired when it failed.
 *
 * @slot empty - Extra content for the "No users yet" state, such as buttons that import or create users.
 *
 * @csspart toolbar - The row with the search box, the column chooser button and the count.
 * @csspart search - The search box.
 * @csspart count - The number of matching users; a polite live region.
 * @csspart filters - The row of filters.
 * @csspart column-chooser - The panel of column checkboxes.
 * @csspart bulk-bar - The selection summary and bulk action buttons, shown while users are selected.
 * @csspart message - The result or error of the last bulk action.
 * @csspart state - The error, empty and no-results panels.
 * @csspart loading - The note shown over the grid until the first rows arrive.
 * @csspart grid - The `vaadin-grid`.
 * @csspart avatar - The initials in the Name column.
 * @csspart channel-icon - The icon before the name of a primary channel.
 * @csspart channel-icon - The icon before a primary channel's name.
 * @csspart grid__row - Every grid row (the grid's `row` part).
 * @csspart grid__body-row - A row of users.
 * @csspart grid__header-row - The row of column headers.
 * @csspart grid__selected-row - A selected row.
 * @csspart grid__odd-row - Every other row of users, for striping.
 * @csspart grid__cell - Every grid cell (the grid's `cell` part).
 * @csspart grid__header-cell - A column header cell.
 * @csspart grid__body-cell - A cell of a user's row.
 * @csspart grid__focused-cell - The cell with keyboard focus.
 * @csspart grid__selected-row-cell - A cell of a selected row.
 *
 * @cssprop [--all-users-table-background=var(--all-users-background, var(--vaadin-background-color, Canvas))] - Background of the table and its grid.
 * @cssprop [--all-users-table-text-color=var(--all-users-text-color, var(--vaadin-text-color, CanvasText))] - Text color.
 * @cssprop [--all-users-table-secondary-text-color=var(--all-users-secondary-text-color, var(--vaadin-text-color-secondary, GrayText))] - Color of headers, hints and the count.
 * @cssprop [--all-users-table-border-color=var(--all-users-border-color, var(--vaadin-border-color-secondary, #d0d7de))] - Borders of the grid and panels.
 * @cssprop [--all-users-table-accent-color=var(--all-users-accent-color, #0b57d0)] - Focus rings and the selection tint.
 * @cssprop [--all-users-table-selected-background=color-mix(in srgb, var(--all-users-table-accent-color) 14%, transparent)] - Background of selected rows and the bulk bar.
 * @cssprop [--all-users-table-error-color=var(--all-users-error-color, #b3261e)] - Error texts and borders.
 * @cssprop [--all-users-table-success-color=var(--all-users-success-color, #1a7f37)] - Border of a success message.
 * @cssprop [--all-users-table-font-family=inherit] - Font of the whole table.
 * @cssprop [--all-users-table-font-size=0.875rem] - Base font size.
 * @cssprop [--all-users-table-spacing=0.5rem] - Gap between the toolbar rows and controls.
 * @cssprop [--all-users-table-radius=var(--all-users-radius, 6px)] - Corner radius of the grid, panels and inputs.
 * @cssprop [--all-users-table-avatar-size=1.75rem] - Diameter of the initials avatar.
 */
export class AllUsersTable extends LitElement {
  static override styles = [visuallyHiddenStyles, tableStyles];

  private readonly locale = new LocaleController(this);
  private readonly providers = new ProviderController(this, { onChange: (change) => this.onDataChange(change) });
  private readonly bulk = new BulkActionsController(this);
  private loader?: UserPageLoader;
  private readonly selectionModel = new TableSelection();
  private appliedStateKey?: string;
  private groupsController?: AbortController;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private clockTimer?: ReturnType<typeof setInterval>;
  /** Items handed to the grid since its cache was last cleared, by id. */
  private readonly deliveredItems = new Map<string, User>();
  private deliveredPages = 0;

  @query('vaadin-grid') private grid?: Grid<User>;
  @query('#select-column') private selectionColumn?: GridColumn<User>;

  /** Matching users for the current filter; undefined while counting. */
  /** The grid's row count: the matching total, or an estimate of it while {@link totalApproximate}. */
  @state() private total?: number;
  /** True while the provider has given only an estimate of the total and the exact count is on its way. */
  @state() private totalApproximate = false;
  @state() private loadError?: unknown;
  @state() private groups: Group[] = [];
  @state() private selectionVersion = 0;
  @state() private searchText = '';
  @state() private columnChooserOpen = false;
  @state() private rangeInvalid = false;
  @state() private now = Date.now();

  /**
   * The data source. Default: the provider of an ancestor (`providerContext`), else the page's default IndexedDB provider.
   * @default undefined
   */
  @property({ attribute: false }) provider?: UserDataProvider;

  /**
   * The sort order, also set by clicking a column header. The attribute takes
   * a field with an optional direction, such as `lastActivityAt:desc`.
   * Default: name ascending.
   */
  @property({ converter: { fromAttribute: parseSortAttribute } }) sort: UserSort = DEFAULT_SORT;

  /**
   * The search text and filters, also set through the search box and the
   * filter fields. Changing it clears an all-matching selection, which meant
   * the old filter. Default: none.
   */
  @property({ attribute: false }) filter: UserFilter = {};

  /** Users requested per provider call. Default: 50. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  /** Milliseconds the search waits after the last keystroke before it queries. Default: 300. */
  @property({ type: Number, attribute: 'search-delay' }) searchDelay = 300;

  /**
   * The localStorage key under which the column choice is kept; an empty
   * string keeps nothing. Default: `all-users-table:columns`.
   */
  @property({ attribute: 'column-storage-key' }) columnStorageKey = 'all-users-table:columns';

  /** Columns not shown. A choice stored under `columnStorageKey` replaces it when the key is set. Default: none. */
  @property({ attribute: false }) hiddenColumns: ColumnId[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    allowEmptyHTML();
    this.clockTimer = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
    // Writes made while the table was detached were missed, so it reads again.
    if (this.hasUpdated) this.attachLoader(this.providers.value);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clockTimer);
    clearTimeout(this.searchTimer);
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.groupsController?.abort();
    this.loader?.dispose();
    this.loader = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('columnStorageKey')) {
      const stored = readHiddenColumns(this.columnStorageKey);
      if (stored) this.hiddenColumns = stored;
    }

    if (changed.has('filter')) {
      const search = this.filter.search ?? '';
      if (search.trim() !== this.searchText.trim()) this.searchText = search;
      const selected = this.selectionModel.filter;
      if (selected && filterKey(selected) !== filterKey(this.filter)) this.clearSelection();
    }

    const provider = this.providers.value;
    if (!this.loader || this.loader.provider !== provider || this.loader.pageSize !== this.pageSize) {
      this.attachLoader(provider);
      return;
    }

    const state = this.queryState();
    const key = stateKey(state);
    if (key !== this.appliedStateKey) {
      this.appliedStateKey = key;
      this.loader.abortOtherStates(state);
      this.total = this.loader.knownTotal(state);
      this.totalApproximate = false;
      this.loadError = undefined;
      this.resetGridCache();
    }
  }

  protected override firstUpdated(): void {
    // A known size of 0 until the first page arrives; the grid warns in the
    // console when a data provider leaves its size unknown for two seconds.
    if (this.grid && this.grid.size === undefined) this.grid.size = 0;
  }

  protected override updated(): void {
    this.syncGridSelection();
  }

  /** Reads the rows and the count again, keeping the scroll position and the selection. */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    if (!this.loader) return;
    this.loader.invalidate();
    this.loadError = undefined;
    this.resetGridCache();
  }

  /** The number of users matching the current search and filters; undefined while counting. */
  get matchingCount(): number | undefined {
    return this.exactTotal;
  }

  /** The selected users in the provider's form, or null when none is selected. */
  get selection(): UserSelection | null {
    return this.selectionModel.toUserSelection();
  }

  /**
   * The number of selected users. For an all-matching selection it assumes
   * the unchecked users still match; a bulk action reports the exact count.
   */
  get selectedCount(): number {
    return this.selectionModel.count(this.exactTotal ?? 0);
  }

  /** Selects every user that matches the current search and filters, without loading their ids. */
  selectAllMatching(): void {
    this.selectionModel.selectAllMatching(this.filter);
    this.selectionVersion += 1;
  }

  /** Deselects every user. */
  clearSelection(): void {
    this.selectionModel.clear();
    this.selectionVersion += 1;
  }

  /** @internal The provider bulk actions write through. */
  currentProvider(): UserDataProvider | undefined {
    return this.loader?.provider;
  }

  /** @internal Import id to the name of the group that import created. */
  groupNameByImportId(): Map<string, string> {
    const names = new Map<string, string>();
    for (const group of this.groups) {
      if (group.importId) names.set(group.importId, group.name);
    }
    return names;
  }

  /** @internal */
  afterBulkWrite(): void {
    this.scheduleRefresh();
  }

  /** @internal */
  reportError(error: unknown, operation: TableErrorDetail['operation']): void {
    this.dispatchEvent(
      new CustomEvent<TableErrorDetail>('data-error', { detail: { error, operation }, bubbles: true, composed: true }),
    );
  }

  protected override render(): TemplateResult {
    const view = this.view();
    const dir = this.locale.dir;
    const total = this.exactTotal ?? 0;
    return html`
      ${this.renderToolbar(dir)}
      ${renderFilters({
        filter: this.filter,
        groups: this.groups,
        locale: getLocale(),
        dir,
        rangeInvalid: this.rangeInvalid,
        onChange: (filter) => (this.filter = filter),
        onRangeInvalid: (invalid) => (this.rangeInvalid = invalid),
        onClear: this.clearFilters,
      })}
      ${this.renderColumnChooser()}
      ${this.bulk.renderBar({
        selectAllCount: !this.selectionModel.isMatchingAll && total > this.selectedCount ? total : undefined,
        onSelectAll: () => this.selectAllMatching(),
      })}
      ${this.bulk.renderMessage()}
      <div class="grid-area" @keyup=${{ handleEvent: this.onGridAreaKeyUp, capture: true }}>
        ${this.renderGrid(view === 'loading' || view === 'rows', dir)} ${this.renderState(view)}
      </div>
      ${this.bulk.renderDialogs(this.groups, dir)}
    `;
  }

  private renderToolbar(dir: TextDirection): TemplateResult {
    return html`<div part="toolbar">
      <vaadin-text-field
        part="search"
        dir=${dir}
        type="search"
        clear-button-visible
        accessible-name=${t('search-label')}
        placeholder=${t('search-placeholder')}
        .value=${live(this.searchText)}
        @input=${this.onSearchInput}
        @keydown=${this.onSearchKeyDown}
      ></vaadin-text-field>
      <vaadin-button
        id="columns-button"
        aria-expanded=${this.columnChooserOpen ? 'true' : 'false'}
        aria-controls="column-chooser"
        @click=${this.toggleColumnChooser}
        >${t('columns-button')}</vaadin-button
      >
      <span part="count" role="status"
        >${this.exactTotal === undefined ? t('count-loading') : t('count-users', { count: this.exactTotal })}</span
      >
    </div>`;
  }

  private renderColumnChooser(): TemplateResult {
    const visibleCount = COLUMN_IDS.length - this.hiddenColumns.length;
    return html`<div
      id="column-chooser"
      part="column-chooser"
      role="group"
      aria-label=${t('columns-label')}
      ?hidden=${!this.columnChooserOpen}
      @keydown=${this.onColumnChooserKeyDown}
    >
      ${COLUMN_IDS.map((column) => {
        const visible = !this.hiddenColumns.includes(column);
        return html`<vaadin-checkbox
          data-column=${column}
          label=${columnLabel(column)}
          .checked=${live(visible)}
          ?disabled=${visible && visibleCount === 1}
          @change=${(event: Event) => this.setColumnVisible(column, (event.target as HTMLInputElement).checked)}
        ></vaadin-checkbox>`;
      })}
    </div>`;
  }

  private renderGrid(visible: boolean, dir: TextDirection): TemplateResult {
    const locale = getLocale();
    const selectionDeps = [this.selectionVersion, this.exactTotal, locale];
    const cellDeps = [this.groups, this.now, locale];
    return html`<vaadin-grid
      part="grid"
      exportparts="row: grid__row, body-row: grid__body-row, header-row: grid__header-row, selected-row: grid__selected-row, odd-row: grid__odd-row, cell: grid__cell, header-cell: grid__header-cell, body-cell: grid__body-cell, focused-cell: grid__focused-cell, selected-row-cell: grid__selected-row-cell"
      ?hidden=${!visible}
      dir=${dir}
      accessible-name=${t('grid-label')}
      item-id-path="id"
      .pageSize=${this.pageSize}
      .i18n=${gridI18n()}
      .dataProvider=${this.gridDataProvider}
      @keydown=${this.onGridKeyDown}
      @click=${this.onGridClick}
    >
      <vaadin-grid-column
        id="select-column"
        frozen
        flex-grow="0"
        width="4rem"
        ${columnHeaderRenderer(() => this.renderSelectAllCheckbox(), selectionDeps)}
        ${columnBodyRenderer<User>((user) => this.renderRowCheckbox(user), selectionDeps)}
      ></vaadin-grid-column>
      ${COLUMN_IDS.map((column) => this.renderColumn(column, cellDeps))}
    </vaadin-grid>`;
  }

  private renderColumn(column: ColumnId, deps: unknown[]): TemplateResult {
    const groupNames = this.groupNameByImportId();
    const cells: Record<ColumnId, (user: User) => TemplateResult> = {
      id: idCell,
      name: nameCell,
      phone: phoneCell,
      channel: channelCell,
      source: (user) => sourceCell(user, groupNames),
      lastActivity: (user) => lastActivityCell(user, this.now),
    };
    return html`<vaadin-grid-column
      data-column=${column}
      width=${COLUMN_WIDTHS[column]}
      resizable
      ?row-header=${column === 'name'}
      .hidden=${this.hiddenColumns.includes(column)}
      ${columnHeaderRenderer(() => this.renderSorter(column), [this.sort, ...deps])}
      ${columnBodyRenderer<User>((user) => (user ? cells[column](user) : nothing), deps)}
    ></vaadin-grid-column>`;
  }

  private renderSorter(column: ColumnId): TemplateResult {
    const field = COLUMN_SORT_FIELDS[column];
    return html`<vaadin-grid-sorter
      path=${field}
      .direction=${this.sort.field === field ? this.sort.direction : null}
      @direction-changed=${(event: CustomEvent<{ value: SortDirection | null }>) =>
        this.onSorterChanged(field, event.detail.value)}
      >${columnLabel(column)}</vaadin-grid-sorter
    >`;
  }

  private renderSelectAllCheckbox(): TemplateResult {
    const count = this.selectedCount;
    const all = this.selectionModel.isMatchingAll && count > 0 && count === this.exactTotal;
    return html`<vaadin-checkbox
      accessible-name=${t('select-all-matching-label')}
      .checked=${live(all)}
      .indeterminate=${live(count > 0 && !all)}
      ?disabled=${!this.exactTotal}
      @change=${this.onSelectAllChange}
    ></vaadin-checkbox>`;
  }

  private renderRowCheckbox(user: User | undefined): TemplateResult | typeof nothing {
    if (!user) return nothing;
    return html`<vaadin-checkbox
      accessible-name=${t('select-user', { name: user.name })}
      .checked=${live(this.selectionModel.has(user.id))}
      @change=${(event: Event) => this.setRowSelected(user.id, (event.target as HTMLInputElement).checked)}
    ></vaadin-checkbox>`;
  }

  private renderState(view: TableView): TemplateResult | typeof nothing {
    switch (view) {
      case 'rows':
        return nothing;
      case 'loading':
        return html`<p part="loading" class="loading-note" role="status">${t('loading')}</p>`;
      case 'error':
        return html`<div part="state" data-state="error" role="alert">
          <h2>${t('error-title')}</h2>
          <p>${t('error-hint', { reason: describeError(this.loadError) })}</p>
          <vaadin-button theme="primary" @click=${this.retry}>${t('retry')}</vaadin-button>
        </div>`;
      case 'empty':
        return html`<div part="state" data-state="empty">
          <h2>${t('empty-title')}</h2>
          <p>${t('empty-hint')}</p>
          <slot name="empty"></slot>
        </div>`;
      case 'no-results':
        return html`<div part="state" data-state="no-results">
          <h2>${t('no-results-title')}</h2>
          <p>${t('no-results-hint')}</p>
          <vaadin-button @click=${this.clearFilters}>${t('clear-filters')}</vaadin-button>
        </div>`;
    }
  }

  // Loading rows

  private readonly gridDataProvider = (params: GridDataProviderParams<User>, callback: GridDataProviderCallback<User>) => {
    const loader = this.loader;
    if (!loader) return;
    const state = this.queryState();
    const key = stateKey(state);
    const generation = loader.generation;

    loader.load(state, params.page).then(
      (page) => {
        // A result for another state, provider or generation is stale. The
        // grid's cache was cleared since, so no row waits for this callback.
        if (loader !== this.loader || generation !== loader.generation || key !== stateKey(this.queryState())) return;
        const size = loader.sizeAfter(state, params.page, page);
        this.total = size;
        this.totalApproximate = loader.knownTotal(state) === undefined;
        this.loadError = undefined;
        for (const user of page.items) this.deliveredItems.set(user.id, user);
        this.deliveredPages += 1;
        this.syncGridSelection();
        // The callback goes first: a smaller grid size drops the pending
        // requests past it, this page's too when it came back empty, and a
        // dropped request's callback is ignored, leaving the grid loading.
        callback(page.items, size);
        this.setGridSize(size);
        if (this.deliveredPages > GRID_PAGES_BEFORE_RESET) setTimeout(() => this.resetGridCache());
      },
      (error: unknown) => {
        if (isAbortError(error) || loader !== this.loader || key !== stateKey(this.queryState())) return;
        // Settle the grid so that no row waits forever; the error panel replaces it.
        callback([], 0);
        this.setGridSize(0);
        if (this.loadError === undefined) this.reportError(error, 'load');
        this.loadError = error;
      },
    );
  };

  /**
   * Sets the grid's `size` as well as passing it to the callback: `clearCache()`
   * keeps that size until new pages arrive, so rows do not collapse meanwhile.
   */
  private setGridSize(size: number): void {
    if (this.grid && this.grid.size !== size) this.grid.size = size;
  }

  private attachLoader(provider: UserDataProvider): void {
    this.loader?.dispose();
    const loader = new UserPageLoader(provider, this.pageSize, {
      onTotal: (filter) => this.onExactTotal(loader, filter),
      onTotalError: (filter, error) => this.onTotalError(loader, filter, error),
    });
    this.loader = loader;
    this.appliedStateKey = stateKey(this.queryState());
    this.total = undefined;
    this.totalApproximate = false;
    this.loadError = undefined;
    this.groups = [];
    void this.loadGroups();
    this.resetGridCache();
  }

  /** Returns the matching total, or undefined while it is unknown or only estimated. */
  private get exactTotal(): number | undefined {
    return this.totalApproximate ? undefined : this.total;
  }

  /** Replaces an estimated total with the exact count that followed it. */
  private onExactTotal(loader: UserPageLoader, filter: string): void {
    if (loader !== this.loader || filter !== filterKey(this.filter)) return;
    const total = loader.knownTotal(this.queryState());
    if (total === undefined) return;
    this.total = total;
    this.totalApproximate = false;
    this.setGridSize(total);
  }

  /** Shows a failed exact count as a failed load, since the rows shown may then be short. */
  private onTotalError(loader: UserPageLoader, filter: string, error: unknown): void {
    if (isAbortError(error) || loader !== this.loader || filter !== filterKey(this.filter)) return;
    this.setGridSize(0);
    if (this.loadError === undefined) this.reportError(error, 'load');
    this.loadError = error;
  }

  private queryState(): QueryState {
    return { filter: this.filter, sort: this.sort };
  }

  private view(): TableView {
    if (this.loadError !== undefined) return 'error';
    if (this.total === undefined) return 'loading';
    if (this.total > 0) return 'rows';
    return isEmptyFilter(this.filter) ? 'empty' : 'no-results';
  }

  /**
   * Empties the grid's cache, keeping the scroll position. The visible rows
   * come back from the loader's cache unless the data changed.
   */
  private resetGridCache(): void {
    this.deliveredItems.clear();
    this.deliveredPages = 0;
    this.grid?.clearCache();
  }

  private async loadGroups(): Promise<void> {
    const loader = this.loader;
    if (!loader) return;
    this.groupsController?.abort();
    const controller = new AbortController();
    this.groupsController = controller;
    try {
      const groups = await loader.provider.listGroups({ signal: controller.signal });
      if (loader !== this.loader) return;
      this.groups = [...groups].sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      if (isAbortError(error) || loader !== this.loader) return;
      this.bulk.showMessage('error', () => t('error-groups', { reason: describeError(error) }));
      this.reportError(error, 'load-groups');
    }
  }

  private onDataChange(change: DataChange): void {
    const { entity } = change;
    if (entity === 'groups' || entity === 'imports' || entity === 'all') void this.loadGroups();
    if (entity === 'users' || entity === 'groups' || entity === 'imports' || entity === 'all') this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private readonly retry = (): void => {
    void this.loadGroups();
    this.refresh();
  };

  // Selection

  /** Mirrors the selection onto the grid, which marks selected rows (`selected`, `aria-selected`). */
  private syncGridSelection(): void {
    const grid = this.grid;
    if (!grid) return;
    const selected = [...this.deliveredItems.values()].filter((user) => this.selectionModel.has(user.id));
    if (selected.length === 0 && grid.selectedItems.length === 0) return;
    grid.selectedItems = selected;
  }

  private setRowSelected(userId: string, selected: boolean): void {
    this.selectionModel.toggle(userId, selected);
    this.selectionVersion += 1;
  }

  private readonly onSelectAllChange = (): void => {
    if (this.selectedCount > 0) this.clearSelection();
    else this.selectAllMatching();
  };

  // Grid interaction

  private onSorterChanged(field: UserSortField, direction: SortDirection | null): void {
    if (direction === null) {
      // The grid clears the other columns' sorters, which needs no action.
      // The active column cycling past "descending" goes back to ascending,
      // because the provider always sorts by something.
      if (field === this.sort.field) this.sort = { field, direction: 'asc' };
      return;
    }
    if (field !== this.sort.field || direction !== this.sort.direction) this.sort = { field, direction };
  }

  /**
   * Keeps a Space keyup on a row or on the select-all header from the grid,
   * which would click the cell's first element: the keydown already toggled
   * the selection, and a click on a name would read as a row click.
   */
  private readonly onGridAreaKeyUp = (event: KeyboardEvent): void => {
    if (event.key !== ' ' || this.grid?.hasAttribute('interacting')) return;
    if (this.bodyTarget(event) || this.isSelectAllHeader(event)) event.stopPropagation();
  };

  private readonly onGridClick = (event: MouseEvent): void => {
    const target = this.bodyTarget(event);
    if (!target || target.column === this.selectionColumn) return;
    dispatchUserSelect(this, target.item.id);
  };

  private readonly onGridKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    if (this.grid?.hasAttribute('interacting')) return;

    if (event.key === ' ' && this.isSelectAllHeader(event)) {
      event.preventDefault();
      this.onSelectAllChange();
      return;
    }
    const target = this.bodyTarget(event);
    if (!target) return;
    if (event.key === ' ') {
      event.preventDefault();
      this.setRowSelected(target.item.id, !this.selectionModel.has(target.item.id));
    } else if (target.column !== this.selectionColumn) {
      // Enter on the checkbox cell is left to the grid, which moves focus into the checkbox.
      event.preventDefault();
      dispatchUserSelect(this, target.item.id);
    }
  };

  private isSelectAllHeader(event: Event): boolean {
    const context = this.grid?.getEventContext(event);
    return context?.section === 'header' && context.column === this.selectionColumn;
  }

  /** Returns the user and column under an event in the grid body, or the focused row's user in row focus mode. */
  private bodyTarget(event: Event): { item: User; column?: GridColumn<User> } | undefined {
    const grid = this.grid;
    if (!grid) return undefined;
    const context = grid.getEventContext(event);
    if (context.section === 'body' && context.item) return { item: context.item, column: context.column };

    const path = event.composedPath();
    const row = path.find((node): node is HTMLTableRowElement => node instanceof HTMLTableRowElement && node.part.contains('body-row'));
    const cell = row?.cells[0];
    if (!cell) return undefined;
    // getEventContext reads only the event's path, so a path through the row's first cell names the row's item.
    const rowContext = grid.getEventContext({ composedPath: () => [cell, ...path] } as unknown as Event);
    return rowContext.section === 'body' && rowContext.item ? { item: rowContext.item } : undefined;
  }

  // Search, filters and columns

  private readonly onSearchInput = (event: Event): void => {
    this.searchText = (event.target as TextField).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.applySearch(), this.searchDelay);
  };

  private readonly onSearchKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') this.applySearch();
  };

  private applySearch(): void {
    clearTimeout(this.searchTimer);
    const search = this.searchText.trim();
    if (search === (this.filter.search ?? '').trim()) return;
    this.filter = normalizeFilter({ ...this.filter, search });
  }

  private readonly clearFilters = (): void => {
    clearTimeout(this.searchTimer);
    this.searchText = '';
    this.rangeInvalid = false;
    this.filter = {};
  };

  private readonly toggleColumnChooser = async (): Promise<void> => {
    this.columnChooserOpen = !this.columnChooserOpen;
    if (!this.columnChooserOpen) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#column-chooser vaadin-checkbox:not([disabled])')?.focus();
  };

  private readonly onColumnChooserKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.columnChooserOpen = false;
    this.renderRoot.querySelector<HTMLElement>('#columns-button')?.focus();
  };

  private setColumnVisible(column: ColumnId, visible: boolean): void {
    const hidden = new Set(this.hiddenColumns);
    if (visible) hidden.delete(column);
    else hidden.add(column);
    if (hidden.size >= COLUMN_IDS.length) return;
    this.hiddenColumns = COLUMN_IDS.filter((id) => hidden.has(id));
    writeHiddenColumns(this.columnStorageKey, this.hiddenColumns);
  }
}
