import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConflictError, isDataError } from '../../data/errors.js';
import type { UserDataProvider } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import type { Group } from '../../model/types.js';
import { t } from './messages.js';

/** Groups listed at once; a search narrows a longer list. */
const SHOWN_GROUPS = 100;

/**
 * Step 2 of the wizard: the searchable list of existing groups with a
 * checkbox each, and a small form that creates a group on the spot and
 * selects it.
 */
export class GroupStepController implements ReactiveController {
  groups: Group[] = [];
  status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  loadError: unknown;
  search = '';
  selected = new Set<string>();
  newGroupOpen = false;
  newGroupName = '';
  newGroupDescription = '';
  /** The new group's error, as a function so that it follows a locale switch. */
  newGroupError: (() => string) | undefined;
  creatingGroup = false;

  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: ParentNode },
    private readonly callbacks: { announce(message: () => string): void; reportError(error: unknown): void },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  reset(): void {
    this.abort?.abort();
    this.groups = [];
    this.status = 'idle';
    this.search = '';
    this.selected = new Set();
    this.closeNewGroup();
  }

  /** Loads the groups, or refreshes them after a change; selected groups that were deleted are dropped. */
  async load(provider: UserDataProvider): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    // A list already shown stays while it refreshes, so focus and scroll stay put.
    if (this.status !== 'ready') this.status = 'loading';
    this.host.requestUpdate();
    try {
      const groups = await provider.listGroups({ signal: abort.signal });
      if (abort.signal.aborted) return;
      this.groups = [...groups].sort((a, b) => a.name.localeCompare(b.name));
      const existing = new Set(groups.map((group) => group.id));
      this.selected = new Set([...this.selected].filter((id) => existing.has(id)));
      this.status = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status = 'error';
      this.loadError = error;
      this.callbacks.reportError(error);
    }
    this.host.requestUpdate();
  }

  async createGroup(provider: UserDataProvider): Promise<void> {
    const name = this.newGroupName.trim();
    if (!name) {
      this.newGroupError = () => t('group-name-required');
      this.host.requestUpdate();
      return;
    }
    this.creatingGroup = true;
    this.newGroupError = undefined;
    this.host.requestUpdate();
    try {
      const group = await provider.createGroup({ name, description: this.newGroupDescription.trim() });
      this.groups = [...this.groups, group].sort((a, b) => a.name.localeCompare(b.name));
      this.selected = new Set([...this.selected, group.id]);
      this.search = '';
      this.closeNewGroup();
      this.callbacks.announce(() => t('group-created', { name: group.name }));
    } catch (error) {
      this.newGroupError =
        error instanceof ConflictError
          ? () => t('group-name-taken', { name })
          : () => t('group-failed', { reason: describeError(error) });
      if (!(isDataError(error) && error.code === 'conflict')) this.callbacks.reportError(error);
    } finally {
      this.creatingGroup = false;
      this.host.requestUpdate();
    }
  }

  render(provider: UserDataProvider | undefined): TemplateResult {
    return html`
      <vaadin-text-field
        class="group-search"
        part="group-search"
        label=${t('search-groups')}
        clear-button-visible
        .value=${this.search}
        @value-changed=${(event: CustomEvent<{ value: string }>) => this.set('search', event.detail.value)}
      ></vaadin-text-field>
      ${this.renderGroupList(provider)} ${this.renderNewGroup(provider)}
    `;
  }

  private renderGroupList(provider: UserDataProvider | undefined): TemplateResult {
    if (this.status === 'loading' || this.status === 'idle') return html`<p class="muted">${t('groups-loading')}</p>`;
    if (this.status === 'error') {
      return html`<p class="error" role="alert">
        ${t('groups-failed', { reason: describeError(this.loadError) })}
        <vaadin-button @click=${() => provider && this.load(provider)}>${t('retry')}</vaadin-button>
      </p>`;
    }
    if (this.groups.length === 0) return html`<p class="muted">${t('no-groups')}</p>`;

    const matching = this.matchingGroups();
    const shown = matching.slice(0, SHOWN_GROUPS);
    return html`
      <fieldset class="group-list" part="group-list">
        <legend>${t('groups-legend')} <span class="muted">${t('selected-count', { count: this.selected.size })}</span></legend>
        ${matching.length === 0 ? html`<p class="muted">${t('no-matching-groups', { search: this.search.trim() })}</p>` : nothing}
        <ul>
          ${repeat(
            shown,
            (group) => group.id,
            (group) => html`<li data-group=${group.id}>
              <vaadin-checkbox
                label=${group.name}
                .checked=${this.selected.has(group.id)}
                @checked-changed=${(event: CustomEvent<{ value: boolean }>) => this.toggle(group.id, event.detail.value)}
              ></vaadin-checkbox>
              ${group.description ? html`<span class="muted group-description">${group.description}</span>` : nothing}
            </li>`,
          )}
        </ul>
        ${matching.length > shown.length
          ? html`<p class="muted">${t('more-groups', { shown: shown.length, count: matching.length })}</p>`
          : nothing}
      </fieldset>
    `;
  }

  private renderNewGroup(provider: UserDataProvider | undefined): TemplateResult {
    if (!this.newGroupOpen) {
      return html`<vaadin-button class="new-group" @click=${() => this.openNewGroup()}>${t('new-group')}</vaadin-button>`;
    }
    return html`
      <fieldset class="new-group-form" part="new-group">
        <legend>${t('new-group-legend')}</legend>
        <vaadin-text-field
          class="new-group-name"
          label=${t('group-name')}
          required
          .value=${this.newGroupName}
          ?invalid=${Boolean(this.newGroupError)}
          error-message=${this.newGroupError?.() ?? ''}
          @value-changed=${(event: CustomEvent<{ value: string }>) => this.set('newGroupName', event.detail.value)}
        ></vaadin-text-field>
        <vaadin-text-field
          class="new-group-description"
          label=${t('group-description')}
          .value=${this.newGroupDescription}
          @value-changed=${(event: CustomEvent<{ value: string }>) => this.set('newGroupDescription', event.detail.value)}
        ></vaadin-text-field>
        <div class="buttons">
          <vaadin-button
            class="create-group"
            ?disabled=${this.creatingGroup || !provider}
            @click=${() => provider && this.createGroup(provider)}
            >${t('create-group')}</vaadin-button
          >
          <vaadin-button class="cancel-group" theme="tertiary" @click=${() => this.closeNewGroup()}
            >${t('cancel')}</vaadin-button
          >
        </div>
      </fieldset>
    `;
  }

  private matchingGroups(): Group[] {
    const search = fold(this.search.trim());
    if (!search) return this.groups;
    return this.groups.filter((group) => fold(group.name).includes(search) || fold(group.description).includes(search));
  }

  private toggle(groupId: string, checked: boolean): void {
    if (checked === this.selected.has(groupId)) return;
    const selected = new Set(this.selected);
    if (checked) selected.add(groupId);
    else selected.delete(groupId);
    this.selected = selected;
    this.host.requestUpdate();
  }

  private set(field: 'search' | 'newGroupName' | 'newGroupDescription', value: string): void {
    if (this[field] === value) return;
    this[field] = value;
    if (field === 'newGroupName' && value.trim()) this.newGroupError = undefined;
    this.host.requestUpdate();
  }

  private async openNewGroup(): Promise<void> {
    this.newGroupOpen = true;
    this.newGroupName = this.search.trim();
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('.new-group-name')?.focus();
  }

  private closeNewGroup(): void {
    this.newGroupOpen = false;
    this.newGroupName = '';
    this.newGroupDescription = '';
    this.newGroupError = undefined;
  }
}

// Case and accents are ignored, as the provider's user search ignores them.
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
