import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { describeError } from '../../i18n/data-messages.js';
import { formatBytes, formatDate, formatDateTime } from '../../i18n/format.js';
import type { TextDirection } from '../../i18n/locale-controller.js';
import type { Attachment, Form, Group, Note, Ticket, User } from '../../model/types.js';
import { opensInline } from './media-urls.js';
import { t, type ProfileMessage } from './messages.js';
import type { PagedListController } from './paged-list.js';

/** Renders a list's error, or its empty text, or nothing when it has items. */
export function renderListState<T extends { id: string }>(
  list: PagedListController<T>,
  emptyMessage: ProfileMessage,
): TemplateResult | typeof nothing {
  if (list.status === 'error') {
    return html`<p class="error" role="alert">
      ${t('section-failed', { reason: describeError(list.error) })}
      <vaadin-button theme="tertiary" @click=${() => list.reload()}>${t('retry')}</vaadin-button>
    </p>`;
  }
  if (list.status === 'loading' && list.items.length === 0) return html`<p class="muted">${t('loading')}</p>`;
  if (list.status === 'ready' && list.items.length === 0) return html`<p class="muted">${t(emptyMessage)}</p>`;
  return nothing;
}

/** Renders a Show more button while the list has unloaded records. */
export function renderMore<T extends { id: string }>(list: PagedListController<T>): TemplateResult | typeof nothing {
  if (!list.hasMore) return nothing;
  return html`<vaadin-button class="more" ?disabled=${list.status === 'loading'} @click=${() => list.loadMore()}
    >${t('load-more')}</vaadin-button
  >`;
}

/** Renders images as a grid of thumbnails and other files as a table. */
export function renderMedia(list: PagedListController<Attachment>, urlOf: (item: Attachment) => string | undefined) {
  const isThumbnail = (item: Attachment) => item.mediaType.startsWith('image/') && opensInline(item);
  const images = list.items.filter(isThumbnail);
  const files = list.items.filter((item) => !isThumbnail(item));
  return html`
    ${renderListState(list, 'no-media')}
    ${images.length > 0
      ? html`<h3>${t('images')}</h3>
          <ul class="thumbnails" part="thumbnails">
            ${repeat(images, (item) => item.id, (item) => renderThumbnail(item, urlOf(item)))}
          </ul>`
      : nothing}
    ${files.length > 0
      ? html`<h3>${t('files')}</h3>
          <table class="files" part="files">
            <thead>
              <tr>
                <th scope="col">${t('file-name')}</th>
                <th scope="col">${t('file-type')}</th>
                <th scope="col">${t('file-size')}</th>
                <th scope="col">${t('file-date')}</th>
                <th scope="col">${t('file-actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${repeat(files, (item) => item.id, (item) => renderFileRow(item, urlOf(item)))}
            </tbody>
          </table>`
      : nothing}
    ${renderMore(list)}
  `;
}

function renderThumbnail(item: Attachment, url: string | undefined): TemplateResult {
  return html`
    <li class="thumbnail" part="thumbnail" data-attachment=${item.id}>
      ${url
        ? html`<a href=${url} target="_blank" rel="noopener noreferrer" aria-label=${t('open', { name: item.name })}
            ><img src=${url} alt=${item.name} loading="lazy"
          /></a>`
        : html`<span class="no-content">${t('no-content')}</span>`}
      <span class="thumbnail-name">${item.name}</span>
      <span class="muted">${formatBytes(item.size)}</span>
      ${url ? renderDownload(item, url) : nothing}
    </li>
  `;
}

function renderFileRow(item: Attachment, url: string | undefined): TemplateResult {
  return html`
    <tr data-attachment=${item.id}>
      <td class="file-name">${item.name}</td>
      <td>${item.mediaType}</td>
      <td>${formatBytes(item.size)}</td>
      <td><time datetime=${new Date(item.createdAt).toISOString()}>${formatDate(item.createdAt)}</time></td>
      <td>
        ${url
          ? html`${opensInline(item)
                ? html`<a class="open" href=${url} target="_blank" rel="noopener noreferrer"
                    >${t('open', { name: item.name })}</a
                  >`
                : nothing}
              ${renderDownload(item, url)}`
          : t('no-content')}
      </td>
    </tr>
  `;
}

function renderDownload(item: Attachment, url: string): TemplateResult {
  return html`<a class="download" href=${url} download=${item.name}>${t('download', { name: item.name })}</a>`;
}

/** Renders the tickets with their status and dates. */
export function renderTickets(list: PagedListController<Ticket>): TemplateResult {
  return html`
    ${renderListState(list, 'no-tickets')}
    ${list.items.length > 0
      ? html`<table class="tickets" part="tickets">
          <thead>
            <tr>
              <th scope="col">${t('ticket-title')}</th>
              <th scope="col">${t('ticket-status')}</th>
              <th scope="col">${t('ticket-created')}</th>
              <th scope="col">${t('ticket-updated')}</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              list.items,
              (ticket) => ticket.id,
              (ticket) => html`<tr data-ticket=${ticket.id}>
                <td>${ticket.title}</td>
                <td><span class="status status-${ticket.status}" part="ticket-status">${statusLabel(ticket)}</span></td>
                <td>${formatDateTime(ticket.createdAt)}</td>
                <td>${formatDateTime(ticket.updatedAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
    ${renderMore(list)}
  `;
}

function statusLabel(ticket: Ticket): string {
  const key = `status-${ticket.status}`;
  return ['open', 'pending', 'solved', 'closed'].includes(ticket.status) ? t(key as ProfileMessage) : ticket.status;
}

export interface NotesView {
  list: PagedListController<Note>;
  draft: string;
  error: string;
  adding: boolean;
  setDraft(text: string): void;
  add(): void;
  askDelete(note: Note): void;
}

/** Renders the note form and the notes, newest first. */
export function renderNotes(view: NotesView): TemplateResult {
  return html`
    <form class="note-form" part="note-form" @submit=${(event: Event) => (event.preventDefault(), view.add())}>
      <vaadin-text-area
        class="note-input"
        label=${t('new-note')}
        .value=${view.draft}
        ?invalid=${Boolean(view.error)}
        error-message=${view.error}
        @value-changed=${(event: CustomEvent<{ value: string }>) => view.setDraft(event.detail.value)}
      ></vaadin-text-area>
      <vaadin-button class="add-note" ?disabled=${view.adding} @click=${view.add}>${t('add-note')}</vaadin-button>
    </form>
    ${renderListState(view.list, 'no-notes')}
    <ol class="notes" part="notes">
      ${repeat(
        view.list.items,
        (note) => note.id,
        (note) => html`<li class="note" part="note" data-note=${note.id}>
          <p class="note-text" dir="auto">${note.text}</p>
          <p class="muted">
            ${t('note-by', { author: note.author || t('unknown-author'), date: formatDateTime(note.createdAt) })}
          </p>
          <vaadin-button
            class="delete-note"
            theme="tertiary error"
            aria-label=${t('delete-note', { date: formatDateTime(note.createdAt) })}
            @click=${() => view.askDelete(note)}
            >${t('delete-confirm')}</vaadin-button
          >
        </li>`,
      )}
    </ol>
    ${renderMore(view.list)}
  `;
}

export interface GroupsView {
  user: User;
  groups: readonly Group[];
  selected: string;
  error: string;
  busy: boolean;
  /** The profile's writing direction, for the group picker's overlay. */
  dir: TextDirection;
  select(groupId: string): void;
  add(): void;
  remove(group: Pick<Group, 'id' | 'name'>): void;
}

/** Renders the user's groups as chips and a combo box to join another. */
export function renderGroups(view: GroupsView): TemplateResult {
  const byId = new Map(view.groups.map((group) => [group.id, group]));
  const memberships = view.user.groupIds.map((id) => byId.get(id) ?? { id, name: t('unknown-group', { id }) });
  const available = view.groups.filter((group) => !view.user.groupIds.includes(group.id));
  return html`
    ${memberships.length === 0 ? html`<p class="muted">${t('no-groups')}</p>` : nothing}
    <ul class="chips" part="group-chips">
      ${memberships.map(
        (group) => html`<li class="chip" part="group-chip" data-group=${group.id}>
          <span>${group.name}</span>
          <vaadin-button
            class="remove-group"
            theme="tertiary small"
            aria-label=${t('remove-from-group', { group: group.name })}
            ?disabled=${view.busy}
            @click=${() => view.remove(group)}
            >✕</vaadin-button
          >
        </li>`,
      )}
    </ul>
    <div class="add-group" part="add-group">
      <vaadin-combo-box
        class="group-picker"
        dir=${view.dir}
        label=${t('add-to-group')}
        .items=${available}
        item-label-path="name"
        item-value-path="id"
        .value=${view.selected}
        ?invalid=${Boolean(view.error)}
        error-message=${view.error}
        @value-changed=${(event: CustomEvent<{ value: string }>) => view.select(event.detail.value)}
      ></vaadin-combo-box>
      <vaadin-button class="add-group-button" ?disabled=${!view.selected || view.busy} @click=${view.add}
        >${t('add')}</vaadin-button
      >
    </div>
  `;
}

/** Renders the custom attributes, labelled by the fields of the user's groups' forms. */
export function renderAttributes(user: User, forms: ReadonlyMap<string, Form>): TemplateResult {
  const fields = new Map<string, { label: string; form: string }>();
  for (const form of forms.values()) {
    for (const field of form.fields) {
      if (!fields.has(field.key)) fields.set(field.key, { label: field.label, form: form.name });
    }
  }
  const entries = Object.entries(user.attributes);
  if (entries.length === 0) return html`<p class="muted">${t('no-attributes')}</p>`;
  return html`
    <dl class="attributes" part="attributes">
      ${entries.map(([key, value]) => {
        const field = fields.get(key);
        return html`<div data-attribute=${key}>
          <dt title=${field ? t('attribute-from', { form: field.form }) : key}>${field?.label ?? key}</dt>
          <dd dir="auto">${value}</dd>
        </div>`;
      })}
    </dl>
  `;
}
