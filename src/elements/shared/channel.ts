import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ChannelKind } from '../../model/types.js';
import { defineMessages } from '../../i18n/catalog.js';

const t = defineMessages('channel', {
  phone: 'Phone',
  whatsapp: 'WhatsApp',
  email: 'E-mail',
  instagram: 'Instagram',
  sms: 'SMS',
});

type BuiltInLabel = Parameters<typeof t>[0];

const BUILT_IN_LABELS = new Set<string>(['phone', 'whatsapp', 'email', 'instagram', 'sms']);

// Outlines on a 24-unit grid, drawn with `currentColor` so that they follow
// the text color and forced-colors mode.
const ICON_PATHS: Record<string, SVGTemplateResult> = {
  phone: svg`<path d="M6.6 3h3l1.5 4.5-2 1.3a11 11 0 0 0 6.1 6.1l1.3-2 4.5 1.5v3a2 2 0 0 1-2 2A17 17 0 0 1 4.6 5a2 2 0 0 1 2-2z"/>`,
  whatsapp: svg`<path d="M4 20l1.3-4A8.5 8.5 0 1 1 8.3 19z"/><path d="M9 9.5c.5 2.5 2.5 4.5 5 5"/>`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3.5 6l8.5 7 8.5-7"/>`,
  instagram: svg`<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" r="4"/><circle cx="17.5" cy="6.5" r=".5"/>`,
  sms: svg`<path d="M4 4h16v12H9l-5 4z"/><path d="M8 10h.01M12 10h.01M16 10h.01"/>`,
  other: svg`<circle cx="12" cy="12" r="8"/>`,
};

/** Returns the translated name of a channel; kinds a host adds show as given. */
export function channelLabel(kind: ChannelKind): string {
  return BUILT_IN_LABELS.has(kind) ? t(kind as BuiltInLabel) : kind;
}

/** Returns a decorative outline icon for a channel, hidden from assistive technology. */
export function channelIcon(kind: ChannelKind): TemplateResult {
  const path = ICON_PATHS[kind] ?? ICON_PATHS.other;
  return html`<svg
    part="channel-icon"
    class="channel-icon"
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    fill="none"
    stroke="currentColor"
    stroke-width="1.8"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    focusable="false"
  >${path}</svg>`;
}

/** Renders a channel as its icon followed by its name. */
export function renderChannel(kind: ChannelKind): TemplateResult {
  return html`<span class="channel">${channelIcon(kind)}<span>${channelLabel(kind)}</span></span>`;
}
