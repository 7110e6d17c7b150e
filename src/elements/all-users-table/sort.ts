import type { SortDirection, UserSort, UserSortField } from '../../data/provider.js';
import { DEFAULT_SORT } from '../../data/user-query.js';

const SORT_FIELDS: readonly UserSortField[] = ['id', 'name', 'phone', 'primaryChannel', 'source', 'createdAt', 'lastActivityAt'];
const DIRECTIONS: readonly SortDirection[] = ['asc', 'desc'];

let warnedSortAttribute = false;

/**
 * Reads the `sort` attribute: a field, optionally followed by `:asc` or
 * `:desc` (`lastActivityAt:desc`). An invalid value warns once and falls back
 * to name ascending.
 */
export function parseSortAttribute(value: string | null): UserSort {
  if (value === null || value.trim() === '') return DEFAULT_SORT;
  const [field, direction = 'asc'] = value.trim().split(':');
  if (SORT_FIELDS.includes(field as UserSortField) && DIRECTIONS.includes(direction as SortDirection)) {
    return { field: field as UserSortField, direction: direction as SortDirection };
  }

  if (!warnedSortAttribute) {
    warnedSortAttribute = true;
    console.warn(
      `<all-users-table>: sort="${value}" is not a valid sort, so the table sorts by name. ` +
        `Use a field (${SORT_FIELDS.join(', ')}) optionally followed by ":asc" or ":desc", such as "lastActivityAt:desc".`,
    );
  }
  return DEFAULT_SORT;
}
