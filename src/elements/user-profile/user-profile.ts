import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { isDataError } from '../../data/errors.js';
import type { ChangeEntity, DataChange, UserDataProvider } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { CountryCode } from '../../model/identifiers.js';
import type { Attachment, Conversation, Form, Group, Note, Ticket, User } from '../../model/types.js';
import { renderConfirmDialog } from '../shared/confirm-dialog.js';
import { dispatchDataError, dispatchUserSelect } from '../shared/events.js';
import { ProviderController } from '../shared/provider-controller.js';
import { visuallyHiddenStyles } from '../shared/styles.js';
import { renderIdentifierRows, renderNameFields, renderPrimaryChannel, userFormStyles } from '../shared/user-form-fields.js';
import type { ConversationLog } from './conversation-log.js';
import { MediaUrlsController } from './media-urls.js';
import { t } from './messages.js';
import { PagedListController } from './paged-list.js';
import { ProfileEditController } from './profile-edit.js';
import { renderHeader } from './profile-header.js';
import { renderAttributes, renderGroups, renderListState, renderMedia, renderMore, renderNotes, renderTickets } from './profile-sections.js';
import { profileStyles } from './styles.js';
import { allowEmptyHTML } from '../shared/trusted-types.js';

/** The profile's tabs, in order. */
export const SECTIONS = ['conversations', 'media', 'tickets', 'notes', 'groups', 'attributes'] as const;

export type ProfileSection = (typeof SECTIONS)[number];

/** State of the profile: no user chosen, loading, the user shown, or the reason none is shown. */
export type ProfileStatus = 'empty' | 'loading' | 'ready' | 'not-found' | 'error';

const CONVERSATION_PAGE_SIZE = 20;
const LIST_PAGE_SIZE = 50;

/**
 * One user in full: a header with the avatar, name, contact identifiers,
 * primary channel, source, creation and last activity, then tabs for
 * conversations, media, tickets, notes, groups and custom attributes. The
 * name and identifiers can be edited in place; a save that would overwrite
 * someone else's newer change is refused and offers to reload.
 *
 * The profile takes its provider from the `provider` property, else from an
 * ancestor's `providerContext`, else the shared default provider, and
 * refreshes when the provider reports a change to this user's data.
 *
 * @summary One user's identifiers, activity, notes, groups and attributes, with editing.
 *
 * @fires {CustomEvent<UserSelectDetail>} user-select - The reader chose to open another user, the owner of an identifier entered while editing.
 * @fires {CustomEvent<{ user: User }>} user-update - The edited name or identifiers were saved.
 * @fires {CustomEvent<DataErrorDetail>} data-error - Loading or saving failed, including a user that does not exist.
 *
 * @csspart header - The avatar, name, identifiers and Edit button.
 * @csspart avatar - The circle with the user's initials.
 * @csspart name - The user's name.
 * @csspart identifiers - The list of contact identifiers, and in the edit form the identifier rows with the Add identifier button.
 * @csspart identifier - One contact identifier with its channel icon and copy button.
 * @csspart copy-button - The button that copies an identifier.
 * @csspart channel-icon - A channel's icon.
 * @csspart edit-button - The button that opens the edit form.
 * @csspart facts - Primary channel, source, created and last activity.
 * @csspart status - The line that reports the outcome of the last action.
 * @csspart state - The message shown instead of a profile: loading, not found or failed.
 * @csspart edit-form - The form for the name and identifiers.
 * @csspart name-fields - The full, first and last name fields of the edit form.
 * @csspart identifier-row - One identifier of the edit form with its channel, value and remove button.
 * @csspart open-duplicate - The button that opens the user who owns an identifier entered while editing.
 * @csspart select - A channel menu: an identifier's channel or the primary channel.
 * @csspart conflict - The notice shown when someone else saved first.
 * @csspart tabs - The row of section tabs.
 * @csspart tab - One section tab; the selected one has `aria-selected="true"`.
 * @csspart panel - The content of a section.
 * @csspart conversation - One conversation with its heading and log.
 * @csspart log - The scrolling message log of a conversation.
 * @csspart message - One message; also `inbound` or `outbound`.
 * @csspart inbound - A received message.
 * @csspart outbound - A sent message.
 * @csspart thumbnails - The grid of image attachments.
 * @csspart thumbnail - One image attachment.
 * @csspart files - The table of other attachments.
 * @csspart tickets - The table of tickets.
 * @csspart ticket-status - A ticket's status.
 * @csspart note-form - The field and button that add a note.
 * @csspart notes - The list of notes.
 * @csspart note - One note.
 * @csspart group-chips - The user's groups.
 * @csspart group-chip - One group with its remove button.
 * @csspart add-group - The group picker and its Add button.
 * @csspart attributes - The custom attributes.
 *
 * @cssprop [--user-profile-space=1rem] - Spacing between blocks.
 * @cssprop [--user-profile-avatar-size=3.5rem] - Diameter of the avatar.
 * @cssprop [--user-profile-avatar-background=#8250df] - Background of the avatar.
 * @cssprop [--user-profile-avatar-color=#fff] - Color of the initials.
 * @cssprop [--user-profile-text-color=var(--all-users-text-color, currentColor)] - Text color; by default the page's.
 * @cssprop [--user-profile-background=var(--all-users-background, transparent)] - Background of the profile.
 * @cssprop [--user-profile-border-color=var(--all-users-border-color, #d0d7de)] - Borders of logs, tables and chips.
 * @cssprop [--user-profile-secondary-text-color=var(--all-users-secondary-text-color, #57606a)] - Dates, counts and hints.
 * @cssprop [--user-profile-error-color=var(--all-users-error-color, #b3261e)] - Error messages.
 * @cssprop [--user-profile-chip-background=color-mix(in srgb, var(--user-profile-border-color) 45%, transparent)] - Background of group chips.
 * @cssprop [--user-profile-accent-color=var(--all-users-accent-color, #0969da)] - The selected tab and focus outlines.
 * @cssprop [--user-profile-thumbnail-size=8rem] - Minimum width of an image thumbnail.
 * @cssprop [--user-profile-log-height=24rem] - Maximum height of a conversation log.
 * @cssprop [--user-profile-inbound-background=color-mix(in srgb, var(--user-profile-border-color) 20%, transparent)] - Background of received messages.
 * @cssprop [--user-profile-outbound-background=color-mix(in srgb, var(--user-profile-accent-color) 14%, transparent)] - Background of sent messages.
 *
 * @cssstate loading - The user is being loaded.
 * @cssstate not-found - No user has the given id.
 * @cssstate error - The profile could not be loaded.
 * @cssstate editing - The edit form is open.
 */
export class UserProfile extends LitElement {
  static override styles = [profileStyles, userFormStyles, visuallyHiddenStyles];

  private readonly locale = new LocaleController(this);
  private readonly providers = new ProviderController(this, { onChange: (change) => this.queueChange(change) });
  private readonly editor = new ProfileEditController(this);
  private readonly mediaUrls = new MediaUrlsController(this);
  private readonly internals = this.attachInternals();
  private readonly reportError = (error: unknown) => dispatchDataError(this, error);
  private readonly conversations = new PagedListController<Conversation>(this, CONVERSATION_PAGE_SIZE, this.reportError);
  private readonly attachments = new PagedListController<Attachment>(this, LIST_PAGE_SIZE, this.reportError);
  private readonly tickets = new PagedListController<Ticket>(this, LIST_PAGE_SIZE, this.reportError);
  private readonly notes = new PagedListController<Note>(this, LIST_PAGE_SIZE, this.reportError);
  private activeProvider: UserDataProvider | undefined;
  private loadAbort: AbortController | undefined;
  private pendingChanges = new Set<ChangeEntity>();

  @state() private status: ProfileStatus = 'empty';
  @state() private section: ProfileSection = 'conversations';
  @state() private user: User | undefined;
  @state() private loadError: unknown;
  @state() private groups: Group[] = [];
  @state() private forms = new Map<string, Form>();
  @state() private statusMessage = '';
  @state() private statusIsError = false;
  @state() private noteDraft = '';
  @state() private noteError = '';
  @state() private noteAdding = false;
  @state() private noteToDelete: Note | undefined;
  @state() private groupToAdd = '';
  @state() private groupError = '';
  @state() private groupBusy = false;
  @state() private confirmingDiscard = false;

  /** Id of the user to show; empty shows nothing. */
  @property({ attribute: 'user-id', reflect: true }) userId = '';

  /**
   * Data provider; when unset, an ancestor's `providerContext` or the shared default is used.
   * @default undefined
   */
  @property({ attribute: false }) provider: UserDataProvider | undefined;

  /**
   * ISO 3166-1 alpha-2 country for edited phone numbers written without a country code; none by default.
   * @default undefined
   */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode | undefined;

  /** Author stored with the notes added here; empty by default, shown as an unknown author. */
  @property({ attribute: 'note-author' }) noteAuthor = '';

  override connectedCallback(): void {
    super.connectedCallback();
    allowEmptyHTML();
    // Disconnecting aborted the loads and revoked the media URLs, so an
    // element moved elsewhere in the page loads again.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadAbort?.abort();
    this.activeProvider = undefined;
  }

  /** Loads the user and every section again. */
  async reload(): Promise<void> {
    await this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.userId) {
      if (changed.has('userId')) this.clear();
      return;
    }
    const provider = this.providers.value;
    const providerChanged = provider !== this.activeProvider;
    this.activeProvider = provider;
    if (providerChanged || changed.has('userId')) void this.load();
  }

  protected override updated(): void {
    const states = this.internals.states;
    for (const name of ['loading', 'not-found', 'error', 'editing']) states.delete(name);
    if (this.status === 'loading' || this.status === 'not-found' || this.status === 'error') states.add(this.status);
    if (this.editor.editing) states.add('editing');
  }

  protected override render() {
    switch (this.status) {
      case 'empty':
        return html`<p class="state" part="state">${t('no-user-id')}</p>`;
      case 'loading':
        return html`<p class="state" part="state" role="status">${t('loading')}</p>`;
      case 'not-found':
        return html`<p class="state error" part="state" role="alert">${t('not-found', { id: this.userId })}</p>`;
      case 'error':
        return html`<div class="state error" part="state" role="alert">
          <p>${t('load-failed', { reason: describeError(this.loadError) })}</p>
          <vaadin-button class="retry" @click=${() => this.load()}>${t('retry')}</vaadin-button>
        </div>`;
      case 'ready':
        return this.user ? this.renderProfile(this.user) : nothing;
    }
  }

  private renderProfile(user: User): TemplateResult {
    return html`
      ${renderHeader({
        user,
        groups: this.groups,
        editing: this.editor.editing,
        copy: (value) => void this.copy(value),
        edit: () => this.startEdit(),
      })}
      <p class="status-line ${this.statusIsError ? 'error' : ''}" part="status" role="status">${this.statusMessage}</p>
      ${this.editor.editing ? this.renderEditForm(user) : nothing}
      <div class="tabs" part="tabs" role="tablist" aria-label=${t('sections')} @keydown=${this.onTabKeydown}>
        ${SECTIONS.map(
          (section) => html`<button
            type="button"
            class="tab"
            part="tab"
            role="tab"
            id="${section}-tab"
            aria-controls="${section}-panel"
            aria-selected=${section === this.section ? 'true' : 'false'}
            tabindex=${section === this.section ? 0 : -1}
            @click=${() => this.selectSection(section)}
          >
            ${t(section)}
          </button>`,
        )}
      </div>
      ${SECTIONS.map(
        (section) => html`<div
          class="panel"
          part="panel"
          role="tabpanel"
          id="${section}-panel"
          aria-labelledby="${section}-tab"
          tabindex="0"
          ?hidden=${section !== this.section}
        >
          ${this.renderSection(section, user)}
        </div>`,
      )}
      ${renderConfirmDialog({
        className: 'delete-note-dialog',
        header: t('delete-note-heading'),
        text: t('delete-note-text', { text: this.noteToDelete?.text ?? '' }),
        confirmText: t('delete-confirm'),
        cancelText: t('cancel'),
        opened: Boolean(this.noteToDelete),
        dir: this.locale.dir,
        confirm: () => void this.deleteNote(),
        dismiss: () => (this.noteToDelete = undefined),
      })}
      ${renderConfirmDialog({
        className: 'discard-edit-dialog',
        header: t('discard-edit-heading'),
        text: t('discard-edit-text', { name: user.name }),
        confirmText: t('discard-edit'),
        cancelText: t('keep-editing'),
        opened: this.confirmingDiscard,
        dir: this.locale.dir,
        confirm: () => this.discardEdit(),
        dismiss: () => this.keepEditing(),
      })}
    `;
  }

  private renderEditForm(user: User): TemplateResult {
    const editor = this.editor;
    const form = editor.form;
    return html`
      <form class="edit-form" part="edit-form" @submit=${(event: Event) => event.preventDefault()}>
        <h3>${t('edit-heading', { name: user.name })}</h3>
        ${editor.conflict
          ? html`<div class="conflict" part="conflict" role="alert">
              <p>${t('conflict')}</p>
              <vaadin-button class="reload" @click=${() => void this.reloadAfterConflict()}
                >${t('conflict-reload')}</vaadin-button
              >
            </div>`
          : nothing}
        ${renderNameFields(form)}
        ${renderIdentifierRows(form, { openUser: (userId) => dispatchUserSelect(this, userId) })}
        ${renderPrimaryChannel(form)}
        ${editor.error ? html`<p class="error save-error" role="alert">${editor.error}</p>` : nothing}
        <div class="buttons">
          <vaadin-button class="save" theme="primary" ?disabled=${editor.saving} @click=${() => void this.save()}
            >${editor.saving ? t('saving') : t('save')}</vaadin-button
          >
          <vaadin-button class="cancel" @click=${() => this.cancelEdit()}>${t('cancel')}</vaadin-button>
        </div>
      </form>
    `;
  }

  private renderSection(section: ProfileSection, user: User): TemplateResult {
    switch (section) {
      case 'conversations':
        return this.renderConversations();
      case 'media':
        this.mediaUrls.provider = this.activeProvider;
        return renderMedia(this.attachments, (item) => this.mediaUrls.urlOf(item));
      case 'tickets':
        return renderTickets(this.tickets);
      case 'notes':
        return this.renderNotesPanel();
      case 'groups':
        return this.renderGroupsPanel(user);
      case 'attributes':
        return renderAttributes(user, this.forms);
    }
  }

  private renderConversations(): TemplateResult {
    const list = this.conversations;
    return html`
      ${renderListState(list, 'no-conversations')}
      <div class="conversation-list">
      ${repeat(
        list.items,
        (conversation) => conversation.id,
        (conversation) => html`<user-profile-conversation-log
          exportparts="conversation, log, message, inbound, outbound"
          .provider=${this.activeProvider}
          .conversation=${conversation}
        ></user-profile-conversation-log>`,
      )}
      </div>
      ${renderMore(list)}
    `;
  }

  private renderNotesPanel(): TemplateResult {
    return renderNotes({
      list: this.notes,
      draft: this.noteDraft,
      error: this.noteError,
      adding: this.noteAdding,
      setDraft: (text) => {
        this.noteDraft = text;
        if (text.trim()) this.noteError = '';
      },
      add: () => void this.addNote(),
      askDelete: (note) => (this.noteToDelete = note),
    });
  }

  private renderGroupsPanel(user: User): TemplateResult {
    return renderGroups({
      user,
      groups: this.groups,
      selected: this.groupToAdd,
      error: this.groupError,
      busy: this.groupBusy,
      dir: this.locale.dir,
      select: (groupId) => {
        this.groupToAdd = groupId;
        this.groupError = '';
      },
      add: () => void this.changeGroup('add'),
      remove: (group) => void this.changeGroup('remove', group),
    });
  }

  private selectSection(section: ProfileSection, focus = false): void {
    this.section = section;
    if (focus) void this.focusIn(`#${section}-tab`);
  }

  // Arrow keys move between tabs as the ARIA tabs pattern describes; in a
  // right-to-left layout the left arrow moves forward.
  private onTabKeydown(event: KeyboardEvent): void {
    const index = SECTIONS.indexOf(this.section);
    const forward = this.locale.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = forward === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
    let next: number;
    if (event.key === forward) next = (index + 1) % SECTIONS.length;
    else if (event.key === backward) next = (index - 1 + SECTIONS.length) % SECTIONS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = SECTIONS.length - 1;
    else return;
    event.preventDefault();
    this.selectSection(SECTIONS[next]!, true);
  }

  private clear(): void {
    this.loadAbort?.abort();
    this.status = 'empty';
    this.user = undefined;
    this.editor.cancel();
    for (const list of [this.conversations, this.attachments, this.tickets, this.notes]) void list.reset(undefined);
  }

  private async load(): Promise<void> {
    const provider = this.activeProvider;
    const userId = this.userId;
    if (!provider || !userId) return;
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    const signal = abort.signal;
    this.status = 'loading';
    this.editor.cancel();
    this.confirmingDiscard = false;
    this.statusMessage = '';

    try {
      const [user, groups] = await Promise.all([provider.getUser(userId, { signal }), provider.listGroups({ signal })]);
      const forms = await this.loadForms(provider, user, groups, signal);
      if (signal.aborted) return;
      this.user = user;
      this.groups = groups;
      this.forms = forms;
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted) return;
      this.status = isDataError(error) && error.code === 'not-found' ? 'not-found' : 'error';
      this.loadError = error;
      this.user = undefined;
      dispatchDataError(this, error);
      return;
    }

    await Promise.all([
      this.conversations.reset((page) => provider.listConversations(userId, page)),
      this.attachments.reset((page) => provider.listAttachments(userId, page)),
      this.tickets.reset((page) => provider.listTickets(userId, page)),
      this.notes.reset((page) => provider.listNotes(userId, page)),
    ]);
    this.mediaUrls.retain(this.attachments.items);
  }

  // A form that cannot be read only costs its labels: the attributes still
  // show under their keys, and the failure is reported.
  private async loadForms(
    provider: UserDataProvider,
    user: User,
    groups: readonly Group[],
    signal: AbortSignal,
  ): Promise<Map<string, Form>> {
    const formIds = new Set(
      groups.filter((group) => user.groupIds.includes(group.id) && group.formId).map((group) => group.formId!),
    );
    const forms = new Map<string, Form>();
    await Promise.all(
      [...formIds].map(async (formId) => {
        try {
          forms.set(formId, await provider.getForm(formId, { signal }));
        } catch (error) {
          if (!signal.aborted) dispatchDataError(this, error);
        }
      }),
    );
    return forms;
  }

  // Changes arrive in bursts (an import, a bulk action); one refresh per
  // kind of data after the burst is enough.
  private queueChange(change: DataChange): void {
    const relevant = change.entity !== 'users' || !change.ids || change.ids.includes(this.userId);
    if (!relevant || this.status === 'empty') return;
    const first = this.pendingChanges.size === 0;
    this.pendingChanges.add(change.entity);
    if (first) queueMicrotask(() => void this.applyChanges());
  }

  private async applyChanges(): Promise<void> {
    const changes = this.pendingChanges;
    this.pendingChanges = new Set();
    if (changes.has('all') || this.status !== 'ready') {
      await this.load();
      return;
    }
    if (changes.has('users') || changes.has('groups') || changes.has('forms')) await this.refreshUser();
    if (changes.has('notes')) await this.notes.reload();
    if (changes.has('activity')) await this.refreshActivity();
  }

  private async refreshUser(): Promise<void> {
    const provider = this.activeProvider;
    if (!provider) return;
    try {
      const [user, groups] = await Promise.all([provider.getUser(this.userId), provider.listGroups()]);
      this.forms = await this.loadForms(provider, user, groups, new AbortController().signal);
      this.user = user;
      this.groups = groups;
    } catch (error) {
      if (isDataError(error) && error.code === 'not-found') {
        this.status = 'not-found';
        this.loadError = error;
      }
      dispatchDataError(this, error);
    }
  }

  private async refreshActivity(): Promise<void> {
    await Promise.all([this.conversations.reload(), this.attachments.reload(), this.tickets.reload()]);
    this.mediaUrls.retain(this.attachments.items);
    await this.updateComplete;
    const logs = this.renderRoot.querySelectorAll<ConversationLog>('user-profile-conversation-log');
    await Promise.all([...logs].map((log) => log.refresh()));
  }

  private async copy(value: string): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('The Clipboard API is not available.');
      await navigator.clipboard.writeText(value);
      this.announce(t('copied', { value }));
    } catch {
      this.announce(t('copy-unavailable', { value }), true);
    }
  }

  private startEdit(): void {
    if (!this.user) return;
    this.editor.start(this.user, this.defaultCountry);
    this.statusMessage = '';
    void this.focusIn('.edit-form .full-name');
  }

  // Cancel asks first when the form holds edits, as the create wizard's
  // Cancel does, because closing the form drops them for good.
  private cancelEdit(): void {
    if (this.editor.form.dirty) {
      this.confirmingDiscard = true;
      return;
    }
    this.discardEdit();
  }

  private discardEdit(): void {
    this.confirmingDiscard = false;
    this.editor.cancel();
    void this.focusIn('.edit');
  }

  private keepEditing(): void {
    if (!this.confirmingDiscard) return;
    this.confirmingDiscard = false;
    void this.focusIn('.edit-form .cancel');
  }

  private async save(): Promise<void> {
    const provider = this.activeProvider;
    const user = this.user;
    if (!provider || !user) return;
    const outcome = await this.editor.save(provider, user);
    switch (outcome.kind) {
      case 'saved':
        this.user = outcome.user;
        this.announce(t('saved', { name: outcome.user.name }));
        this.dispatchEvent(
          new CustomEvent('user-update', { detail: { user: outcome.user }, bubbles: true, composed: true }),
        );
        void this.focusIn('.edit');
        break;
      case 'conflict':
        void this.focusIn('.conflict .reload');
        break;
      case 'failed':
        dispatchDataError(this, outcome.error);
        break;
      case 'invalid':
      case 'duplicate':
        void this.focusIn('[invalid]');
        break;
    }
  }

  private async reloadAfterConflict(): Promise<void> {
    const provider = this.activeProvider;
    if (!provider) return;
    try {
      this.user = await this.editor.reload(provider, this.userId);
      this.announce(t('conflict-reloaded', { name: this.user.name }));
      void this.focusIn('.edit-form .full-name');
    } catch (error) {
      this.announce(t('load-failed', { reason: describeError(error) }), true);
      dispatchDataError(this, error);
    }
  }

  private async addNote(): Promise<void> {
    const provider = this.activeProvider;
    const text = this.noteDraft.trim();
    if (!provider || this.noteAdding) return;
    if (!text) {
      this.noteError = t('note-empty');
      return;
    }
    this.noteAdding = true;
    try {
      await provider.addNote(this.userId, { text, author: this.noteAuthor });
      this.noteDraft = '';
      this.noteError = '';
      this.announce(t('note-added'));
      await this.notes.reload();
    } catch (error) {
      this.noteError = t('note-failed', { reason: describeError(error) });
      dispatchDataError(this, error);
    } finally {
      this.noteAdding = false;
    }
  }

  private async deleteNote(): Promise<void> {
    const provider = this.activeProvider;
    const note = this.noteToDelete;
    this.noteToDelete = undefined;
    if (!provider || !note) return;
    try {
      await provider.deleteNote(note.id);
      this.announce(t('note-deleted'));
      await this.notes.reload();
    } catch (error) {
      this.announce(t('delete-failed', { reason: describeError(error) }), true);
      dispatchDataError(this, error);
    }
  }

  private async changeGroup(action: 'add' | 'remove', group?: Pick<Group, 'id' | 'name'>): Promise<void> {
    const provider = this.activeProvider;
    const target = group ?? this.groups.find((candidate) => candidate.id === this.groupToAdd);
    if (!provider || !target || this.groupBusy) return;
    this.groupBusy = true;
    this.groupError = '';
    try {
      const selection = { ids: [this.userId] };
      if (action === 'add') await provider.addToGroup(target.id, selection);
      else await provider.removeFromGroup(target.id, selection);
      this.groupToAdd = '';
      this.announce(t(action === 'add' ? 'group-added' : 'group-removed', { group: target.name }));
      await this.refreshUser();
    } catch (error) {
      this.groupError = t('group-failed', { reason: describeError(error) });
      dispatchDataError(this, error);
    } finally {
      this.groupBusy = false;
    }
  }

  private announce(message: string, isError = false): void {
    this.statusMessage = message;
    this.statusIsError = isError;
  }

  private async focusIn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
