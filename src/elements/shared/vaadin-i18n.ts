import type { GridI18n } from '@vaadin/grid';
import type { MultiSelectComboBoxI18n } from '@vaadin/multi-select-combo-box';
import { defineMessages, getLocale, onLocaleChange } from '../../i18n/catalog.js';

// The `{rowHeader}`, `{column}` and `{count}` placeholders are left in place
// for the Vaadin components, which fill them in themselves.
const t = defineMessages('vaadin', {
  'grid.select-all': 'Select all',
  'grid.select-all-unavailable': 'Select all is not available',
  'grid.select-row': 'Select row {rowHeader}',
  'grid.sorter': 'Sort by {column}',
  'multi-select-combo-box.cleared': 'Selection cleared',
  'multi-select-combo-box.focused': 'focused. Press Backspace to remove',
  'multi-select-combo-box.selected': 'added to selection',
  'multi-select-combo-box.deselected': 'removed from selection',
  'multi-select-combo-box.total': '{count} items selected',
});

// One object per component and locale, so that an element's re-render hands
// a Vaadin component the same `i18n` object and it skips the merge.
const cache = new Map<string, object>();
onLocaleChange(() => cache.clear());

function cached<T extends object>(key: string, build: () => T): T {
  const id = `${key}|${getLocale()}`;
  let value = cache.get(id) as T | undefined;
  if (!value) {
    value = build();
    cache.set(id, value);
  }
  return value;
}

/** Returns the `i18n` object of `vaadin-grid` in the current locale. */
export function gridI18n(): GridI18n {
  return cached('grid', () => ({
    selectAll: t('grid.select-all'),
    selectAllUnavailable: t('grid.select-all-unavailable'),
    selectRow: t('grid.select-row'),
    sorter: t('grid.sorter'),
  }));
}

/** Returns the `i18n` object of `vaadin-multi-select-combo-box` in the current locale. */
export function multiSelectComboBoxI18n(): MultiSelectComboBoxI18n {
  return cached('multi-select-combo-box', () => ({
    cleared: t('multi-select-combo-box.cleared'),
    focused: t('multi-select-combo-box.focused'),
    selected: t('multi-select-combo-box.selected'),
    deselected: t('multi-select-combo-box.deselected'),
    total: t('multi-select-combo-box.total'),
  }));
}
