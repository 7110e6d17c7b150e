import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConflictError } from '../../data/errors.js';
import { groupNameKey } from '../../data/indexeddb/schema.js';
import type { UserDataProvider } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import type { Group } from '../../model/types.js';
import { t } from './messages.js';

/** Groups listed at once; a search narrows a longer list. */
const SHOWN_GROUPS = 100;

/**
 * A group added in the wizard. It is stored only when the user is created,
 * so a wizard that is cancelled or abandoned leaves no group behind.
 */
export interface NewGroup {
  /** Stands for the group in {@link GroupStepController.selected} until it has an id. */
  key: string;
  name: string;
  description: string;
}

/** Raised by {@link GroupStepController.createNewGroups} when another group took a new group's name meanwhile. */
export class GroupNameTakenError extends Error {
  constructor(readonly groupName: string) {
    super(`A group named "${groupName}" already exists.`);
  }
}

/**
 * Step 2 of the wizard: the searchable list of existing groups with a
 * checkbox each, and a small form that adds a new group and selects it.
 * New groups are created by {@link createNewGroups} when the user is.
 */
export class GroupStepController implements ReactiveController {
  groups: Group[] = [];
  newGroups: NewGroup[] = [];
  status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  loadError: unknown;
  search = '';
  /** Ids of the selected groups, and keys of the selected new groups. */
  selected = new Set<string>();
  newGroupOpen = false;
  newGroupName = '';
  newGroupDescription = '';
  /** The new group's error, as a function so that it follows a locale switch. */
  newGroupError: (() => string) | undefined;

  private abort: AbortController | undefined;
  private nextNewGroup = 1;

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
    this.newGroups = [];
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
      const kept = new Set([...groups.map((group) => group.id), ...this.newGroups.map((group) => group.key)]);
      this.selected = new Set([...this.selected].filter((id) => kept.has(id)));
      this.status = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status = 'error';
      this.loadError = error;
      this.callbacks.reportError(error);
    }
    this.host.requestUpdate();
  }

  /** Adds the group of the new group form to the list, selected, after checking its name against every listed group. */
  addNewGroup(): void {
    const name = this.newGroupName.trim();
    if (!name) {
      this.newGroupError = () => t('group-name-required');
      this.host.requestUpdate();
      return;
    }
    if ([...this.groups, ...this.newGroups].some((group) => sameGroupName(group.name, name))) {
      this.newGroupError = () => t('group-name-taken', { name });
      this.host.requestUpdate();
      return;
    }

    const group: NewGroup = { key: `new:${this.nextNewGroup++}`, name, description: this.newGroupDescription.trim() };
    this.newGroups = [...this.newGroups, group];
    this.selected = new Set([...this.selected, group.key]);
    this.search = '';
    this.closeNewGroup();
    this.callbacks.announce(() => t('group-added', { name }));
    // While the existing groups are still loading, the list is not shown.
    void this.focus(`li[data-group="${group.key}"] vaadin-checkbox`, '.new-group');
  }

  /**
   * Creates the selected new groups and returns the ids of every selected
   * group. Each group created is appended to `created` as soon as it
   * exists, so that the caller can delete them if a later step fails.
   */
  async createNewGroups(provider: UserDataProvider, created: Group[], signal?: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    for (const id of this.selected) {
      const pending = this.newGroups.find((group) => group.key === id);
      if (!pending) {
        ids.push(id);
        continue;
      }
      try {
        const group = await provider.createGroup({ name: pending.name, description: pending.description }, { signal });
        created.push(group);
        ids.push(group.id);
      } catch (error) {
        if (error instanceof ConflictError) throw new GroupNameTakenError(pending.name);
        throw error;
      }
    }
    return ids;
  }

  /**
   * Drops the new group named `name` after another group took that name, and
   * lists the groups again so that the other one can be selected instead.
   */
  async replaceTakenGroup(provider: UserDataProvider, name: string): Promise<void> {
    const taken = this.newGroups.filter((group) => sameGroupName(group.name, name));
    this.newGroups = this.newGroups.filter((group) => !taken.includes(group));
    this.selected = new Set([...this.selected].filter((id) => !taken.some((group) => group.key === id)));
    await this.load(provider);
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
      ${this.renderGroupList(provider)} ${this.renderNewGroup()}
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
    if (this.groups.length === 0 && this.newGroups.length === 0) return html`<p class="muted">${t('no-groups')}</p>`;

    const matching = this.matchingGroups();
    const shown = matching.slice(0, SHOWN_GROUPS);
    const newKeys = new Set(this.newGroups.map((group) => group.key));
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
              ${newKeys.has(group.id) ? html`<span class="muted new-group-note">${t('new-group-note')}</span>` : nothing}
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

  private renderNewGroup(): TemplateResult {
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
          <vaadin-button class="add-group" @click=${() => this.addNewGroup()}>${t('add-group')}</vaadin-button>
          <vaadin-button class="cancel-group" theme="tertiary" @click=${() => void this.cancelNewGroup()}
            >${t('cancel')}</vaadin-button
          >
        </div>
      </fieldset>
    `;
  }

  private matchingGroups(): ListedGroup[] {
    const listed: ListedGroup[] = [
      ...this.groups,
      ...this.newGroups.map((group) => ({ id: group.key, name: group.name, description: group.description })),
    ].sort((a, b) => a.name.localeCompare(b.name));
    const search = fold(this.search.trim());
    if (!search) return listed;
    return listed.filter((group) => fold(group.name).includes(search) || fold(group.description).includes(search));
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

  private async cancelNewGroup(): Promise<void> {
    this.closeNewGroup();
    await this.focus('.new-group');
  }

  /** Focuses the first element that matches one of `selectors`, in order, once the host has rendered. */
  private async focus(...selectors: string[]): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    const root = this.host.renderRoot;
    const target = selectors
      .map((selector) => root.querySelector<HTMLElement & Partial<ReactiveControllerHost>>(selector))
      .find((element) => element !== null);
    // A Vaadin field created by this update has no inner input to take the
    // focus until its own first update is done.
    await target?.updateComplete;
    target?.focus();
  }

  private closeNewGroup(): void {
    this.newGroupOpen = false;
    this.newGroupName = '';
    this.newGroupDescription = '';
    this.newGroupError = undefined;
  }
}

/** A row of the group list: an existing group, or a new one under its key. */
type ListedGroup = Pick<Group, 'id' | 'name' | 'description'>;

// Case and accents are ignored, as the provider's user search ignores them.
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Compares group names by the key that providers keep unique. */
function sameGroupName(a: string, b: string): boolean {
  return groupNameKey(a) === groupNameKey(b);
}
