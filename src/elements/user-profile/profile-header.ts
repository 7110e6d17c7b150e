import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatDateTime, formatRelativeTime } from '../../i18n/format.js';
import type { ContactIdentifier, Group, User } from '../../model/types.js';
import { channelIcon, channelLabel, renderChannel } from '../shared/channel.js';
import { t } from './messages.js';

const COPY_ICON = html`<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor"
  stroke-width="1.8" stroke-linejoin="round" aria-hidden="true" focusable="false">
  ${svg`<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3"/>`}
</svg>`;

export interface HeaderView {
  user: User;
  groups: readonly Group[];
  /** Hides the Edit button while the edit form is open. */
  editing: boolean;
  copy(value: string): void;
  edit(): void;
}

/** Returns up to two initials from the first and last words of a name. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return [first, last]
    .map((word) => (word ? Array.from(word)[0] ?? '' : ''))
    .join('')
    .toLocaleUpperCase();
}

/** Returns where the user came from, naming the import's group or the integration. */
export function sourceLabel(user: User, groups: readonly Group[]): string {
  const source = user.source;
  if (source.type === 'integration') return t('source-integration', { name: source.name });
  if (source.type === 'import') {
    const group = groups.find((candidate) => candidate.importId === source.importId);
    return group ? t('source-import', { group: group.name }) : t('source-import-unknown', { id: source.importId });
  }
  return t('source-internal');
}

/** Renders the avatar, name, identifiers and facts at the top of the profile. */
export function renderHeader(view: HeaderView): TemplateResult {
  const { user } = view;
  // A <div> rather than <header>: outside sectioning content a <header> is
  // the page's banner landmark, which the host page already has.
  return html`
    <div class="header" part="header">
      <span class="avatar" part="avatar" role="img" aria-label=${t('avatar', { name: user.name })}
        >${initialsOf(user.name)}</span
      >
      <div class="header-main">
        <h2 class="name" part="name" dir="auto">${user.name}</h2>
        ${view.editing ? nothing : renderIdentifiers(user.identifiers, view)}
      </div>
      ${view.editing
        ? nothing
        : html`<vaadin-button class="edit" part="edit-button" @click=${view.edit}>${t('edit')}</vaadin-button>`}
    </div>
    <dl class="facts" part="facts">
      <div>
        <dt>${t('primary-channel')}</dt>
        <dd>${user.primaryChannel ? renderChannel(user.primaryChannel) : t('no-primary-channel')}</dd>
      </div>
      <div>
        <dt>${t('source')}</dt>
        <dd class="source">${sourceLabel(user, view.groups)}</dd>
      </div>
      <div>
        <dt>${t('created')}</dt>
        <dd><time datetime=${new Date(user.createdAt).toISOString()}>${formatDateTime(user.createdAt)}</time></dd>
      </div>
      <div>
        <dt>${t('last-activity')}</dt>
        <dd class="last-activity">${renderLastActivity(user.lastActivityAt)}</dd>
      </div>
    </dl>
  `;
}

function renderIdentifiers(identifiers: readonly ContactIdentifier[], view: HeaderView): TemplateResult {
  return html`
    <ul class="identifiers" part="identifiers" aria-label=${t('identifiers')}>
      ${identifiers.map(
        (identifier) => html`
          <li class="identifier" part="identifier">
            ${channelIcon(identifier.kind)}
            <span class="visually-hidden">${channelLabel(identifier.kind)}</span>
            <span class="identifier-text">${identifier.value}</span>
            ${identifier.label ? html`<span class="identifier-label">(${identifier.label})</span>` : nothing}
            <button
              type="button"
              class="copy"
              part="copy-button"
              aria-label=${t('copy', { value: identifier.value })}
              @click=${() => view.copy(identifier.value)}
            >
              ${COPY_ICON}
            </button>
          </li>
        `,
      )}
    </ul>
  `;
}

function renderLastActivity(time: number | null): TemplateResult | string {
  if (time === null) return t('no-activity');
  return html`<time datetime=${new Date(time).toISOString()} title=${formatDateTime(time)}
    >${formatRelativeTime(time)}</time
  >`;
}
