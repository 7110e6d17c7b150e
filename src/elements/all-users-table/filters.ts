import type { MultiSelectComboBox } from '@vaadin/multi-select-combo-box';
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import type { UserFilter } from '../../data/provider.js';
import type { TextDirection } from '../../i18n/locale-controller.js';
import { isEmptyFilter, normalizeFilter } from '../../data/user-query.js';
import { BUILT_IN_CHANNELS, type Group, type UserSourceType } from '../../model/types.js';
import { channelLabel } from '../shared/channel.js';
import { multiSelectComboBoxI18n } from '../shared/vaadin-i18n.js';
import { t } from './messages.js';

const SOURCE_TYPES: readonly UserSourceType[] = ['internal', 'import', 'integration'];

interface Option {
  value: string;
  label: string;
}

export interface FilterBarOptions {
  filter: UserFilter;
  groups: readonly Group[];
  /** Current locale, so option labels are rebuilt after a switch. */
  locale: string;
  dir: TextDirection;
  /** True while the "from" date is after the "to" date. */
  rangeInvalid: boolean;
  /** Receives the new filter, normalized. */
  onChange: (filter: UserFilter) => void;
  onRangeInvalid: (invalid: boolean) => void;
  onClear: () => void;
}

/** Renders the channel, source, group and last-activity filters. */
export function renderFilters(options: FilterBarOptions): TemplateResult {
  const { filter, rangeInvalid } = options;
  const channels = () => BUILT_IN_CHANNELS.map((kind) => ({ value: kind, label: channelLabel(kind) }));
  const sources = () => SOURCE_TYPES.map((type) => ({ value: type, label: t(`source-${type}`) }));
  const groups = () => options.groups.map((group) => ({ value: group.id, label: group.name }));
  const range = filter.lastActivity;

  const select = (label: string, key: 'channels' | 'sources' | 'groupIds', items: () => Option[], deps: unknown[]) => {
    const chosen: readonly string[] | undefined = filter[key];
    return html`<vaadin-multi-select-combo-box
      data-filter=${key}
      dir=${options.dir}
      label=${label}
      .i18n=${multiSelectComboBoxI18n()}
      item-label-path="label"
      item-id-path="value"
      .items=${guard(deps, items)}
      .selectedItems=${guard([chosen, ...deps], () => items().filter((option) => chosen?.includes(option.value)))}
      @change=${(event: Event) => {
        const values = (event.target as MultiSelectComboBox<Option>).selectedItems.map((option) => option.value);
        options.onChange(normalizeFilter({ ...filter, [key]: values } as UserFilter));
      }}
    ></vaadin-multi-select-combo-box>`;
  };

  const onRangeChange = (event: Event) => {
    const container = (event.currentTarget as HTMLElement).closest('[part~="filters"]');
    const from = fromDateInputValue(container?.querySelector<HTMLInputElement>('#active-from')?.value ?? '', 'start');
    const to = fromDateInputValue(container?.querySelector<HTMLInputElement>('#active-to')?.value ?? '', 'end');
    const invalid = from !== undefined && to !== undefined && from > to;
    options.onRangeInvalid(invalid);
    if (invalid) return;
    options.onChange(normalizeFilter({ ...filter, lastActivity: { from, to } }));
  };

  const dateInput = (id: string, label: string, value: number | undefined) =>
    html`<label class="date-field"
      >${label}
      <input
        id=${id}
        type="date"
        aria-invalid=${rangeInvalid ? 'true' : 'false'}
        aria-describedby=${rangeInvalid ? 'range-error' : nothing}
        .value=${live(toDateInputValue(value))}
        @change=${onRangeChange}
    /></label>`;

  return html`<div part="filters" role="group" aria-label=${t('filters-label')}>
    ${select(t('filter-channel'), 'channels', channels, [options.locale])}
    ${select(t('filter-source'), 'sources', sources, [options.locale])}
    ${select(t('filter-group'), 'groupIds', groups, [options.groups])}
    ${dateInput('active-from', t('filter-active-from'), range?.from)}
    ${dateInput('active-to', t('filter-active-to'), range?.to)}
    <vaadin-button ?disabled=${isEmptyFilter(filter) && !rangeInvalid} @click=${options.onClear}
      >${t('clear-filters')}</vaadin-button
    >
    ${rangeInvalid ? html`<span id="range-error" class="field-error" role="alert">${t('range-invalid')}</span>` : nothing}
  </div>`;
}

/** Formats epoch ms as a local `YYYY-MM-DD` for a date input. */
function toDateInputValue(time: number | undefined): string {
  if (time === undefined) return '';
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Reads a date input's `YYYY-MM-DD` as the local start or end of that day, in epoch ms. */
function fromDateInputValue(value: string, edge: 'start' | 'end'): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  return edge === 'start' ? new Date(year, month, day).getTime() : new Date(year, month, day + 1).getTime() - 1;
}
