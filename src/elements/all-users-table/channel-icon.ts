import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ChannelKind } from '../../model/types.js';

// Line drawings on a 24×24 grid in `currentColor`, so they follow the text
// color of light, dark and forced-colors themes.
const PHONE = svg`<path d="M6.5 3.5h3l1.5 4-2 1.5a11 11 0 0 0 6 6l1.5-2 4 1.5v3a2 2 0 0 1-2 2A16 16 0 0 1 4.5 5.5a2 2 0 0 1 2-2z"/>`;
const CHAT = svg`<path d="M4 5.5h16v10H9l-4 3.5v-3.5H4z"/>`;
const CHAT_DOTS = svg`<path d="M4 5.5h16v10H9l-4 3.5v-3.5H4z"/><path d="M8.5 10.5h.01M12 10.5h.01M15.5 10.5h.01"/>`;
const ENVELOPE = svg`<rect x="3.5" y="5.5" width="17" height="13" rx="1.5"/><path d="m4 6.5 8 6 8-6"/>`;
const CAMERA = svg`<rect x="4" y="4" width="16" height="16" rx="4.5"/><circle cx="12" cy="12" r="3.5"/><path d="M16.5 7.5h.01"/>`;
const OTHER = svg`<circle cx="12" cy="12" r="7.5"/><path d="M8.5 12h7"/>`;

const SHAPES: Readonly<Record<string, SVGTemplateResult>> = {
  phone: PHONE,
  whatsapp: CHAT,
  sms: CHAT_DOTS,
  email: ENVELOPE,
  instagram: CAMERA,
};

/** Returns a decorative icon for a channel; the label next to it carries the meaning. */
export function channelIcon(kind: ChannelKind | undefined): TemplateResult {
  const shape = (kind && SHAPES[kind]) || OTHER;
  return html`<svg class="channel-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"
    fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round">${shape}</svg>`;
}
