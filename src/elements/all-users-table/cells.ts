import { html, type TemplateResult } from 'lit';
import { formatDateTime, formatRelativeTime } from '../../i18n/format.js';
import type { User } from '../../model/types.js';
import { renderChannel } from '../shared/channel.js';
import { styleProperties } from '../shared/style-properties.js';
import { avatarHue, initials, phoneText, sourceLabel } from './columns.js';
import { t } from './messages.js';

// Cell templates. Every value from data goes through a Lit binding, so it
// renders as text whatever characters it contains.

export function idCell(user: User): TemplateResult {
  return html`<span class="user-id">${user.id}</span>`;
}

export function nameCell(user: User): TemplateResult {
  return html`<span class="name-cell">
    <span part="avatar" aria-hidden="true" ${styleProperties({ '--avatar-hue': String(avatarHue(user.id)) })}
      >${initials(user.name)}</span
    >
    <span class="name-text" dir="auto">${user.name}</span>
  </span>`;
}

export function phoneCell(user: User): TemplateResult {
  const phone = phoneText(user);
  return phone ? html`<span class="phone" dir="ltr">${phone}</span>` : html``;
}

export function channelCell(user: User): TemplateResult {
  if (!user.primaryChannel) return html`<span class="muted">${t('channel-none')}</span>`;
  return renderChannel(user.primaryChannel);
}

export function sourceCell(user: User, groupNameByImportId: ReadonlyMap<string, string>): TemplateResult {
  return html`<span class="source-text">${sourceLabel(user.source, groupNameByImportId)}</span>`;
}

/**
 * Shows the last activity relative to `now` ("3 days ago"). Sighted users get
 * the exact time in a tooltip, screen readers hear both.
 */
export function lastActivityCell(user: User, now: number): TemplateResult {
  if (user.lastActivityAt === null) return html`<span class="muted">${t('no-activity')}</span>`;
  const relative = formatRelativeTime(user.lastActivityAt, now);
  const exact = formatDateTime(user.lastActivityAt);
  return html`<time datetime=${new Date(user.lastActivityAt).toISOString()} title=${exact}>
    <span aria-hidden="true">${relative}</span>
    <span class="visually-hidden">${t('last-activity-exact', { relative, exact })}</span>
  </time>`;
}
