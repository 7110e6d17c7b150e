import type { UserFilter, UserQuery, UserSort, UserSortField } from '../provider.js';

/**
 * The query string of `GET /users`, shared by the fetch provider and the
 * reference server so both read the contract the same way.
 */
export const USER_SORT_FIELDS: readonly UserSortField[] = [
  'id',
  'name',
  'phone',
  'primaryChannel',
  'source',
  'createdAt',
  'lastActivityAt',
];

/**
 * Encodes a user query as `offset`, `limit`, `sort`, `search`, `channel`,
 * `source`, `group`, `activityFrom`, `activityTo` and `hasActivity` (a range
 * without bounds, which keeps the users that have any activity).
 */
export function encodeUserQuery(query: Pick<UserQuery, 'offset' | 'limit' | 'sort' | 'filter'>): URLSearchParams {
  const params = encodePage(query);
  if (query.sort) params.set('sort', `${query.sort.field}:${query.sort.direction}`);

  const filter = query.filter ?? {};
  if (filter.search !== undefined && filter.search.trim() !== '') params.set('search', filter.search);
  for (const channel of filter.channels ?? []) params.append('channel', channel);
  for (const source of filter.sources ?? []) params.append('source', source);
  for (const group of filter.groupIds ?? []) params.append('group', group);
  const range = filter.lastActivity;
  if (range?.from !== undefined) params.set('activityFrom', String(range.from));
  if (range?.to !== undefined) params.set('activityTo', String(range.to));
  if (range && range.from === undefined && range.to === undefined) params.set('hasActivity', 'true');
  return params;
}

export function encodePage(page: { offset: number; limit: number }): URLSearchParams {
  return new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
}

/** A query parameter that does not follow the contract; `message` names it and the fix. */
export class QueryParamError extends Error {
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(message);
    this.name = 'QueryParamError';
    this.parameter = parameter;
  }
}

export interface DecodedUserQuery {
  offset: number;
  limit: number;
  sort?: UserSort;
  filter: UserFilter;
}

/** Decodes and checks the query string of `GET /users`; throws {@link QueryParamError}. */
export function decodeUserQuery(params: URLSearchParams, maxLimit: number): DecodedUserQuery {
  const decoded: DecodedUserQuery = { ...decodePage(params, maxLimit), filter: {} };

  const sort = params.get('sort');
  if (sort !== null) decoded.sort = decodeSort(sort);

  const search = params.get('search');
  if (search !== null && search.trim() !== '') decoded.filter.search = search;
  const channels = params.getAll('channel');
  if (channels.length > 0) decoded.filter.channels = channels;
  const sources = params.getAll('source');
  if (sources.length > 0) decoded.filter.sources = sources.map(decodeSource);
  const groups = params.getAll('group');
  if (groups.length > 0) decoded.filter.groupIds = groups;

  const from = optionalInteger(params, 'activityFrom');
  const to = optionalInteger(params, 'activityTo');
  if (from !== undefined || to !== undefined || params.get('hasActivity') === 'true') {
    decoded.filter.lastActivity = {};
    if (from !== undefined) decoded.filter.lastActivity.from = from;
    if (to !== undefined) decoded.filter.lastActivity.to = to;
  }
  return decoded;
}

/** Decodes `offset` (default 0) and `limit` (default 50, at most `maxLimit`). */
export function decodePage(params: URLSearchParams, maxLimit: number): { offset: number; limit: number } {
  const offset = optionalInteger(params, 'offset') ?? 0;
  const limit = optionalInteger(params, 'limit') ?? Math.min(50, maxLimit);
  if (offset < 0) throw new QueryParamError('offset', `offset ${offset} is negative. Use 0 or more.`);
  if (limit < 0) throw new QueryParamError('limit', `limit ${limit} is negative. Use 0 or more.`);
  if (limit > maxLimit) {
    throw new QueryParamError('limit', `limit ${limit} is above the maximum page size of ${maxLimit}. Request smaller pages.`);
  }
  return { offset, limit };
}

function decodeSort(value: string): UserSort {
  const [field, direction = 'asc'] = value.split(':');
  if (!USER_SORT_FIELDS.includes(field as UserSortField)) {
    throw new QueryParamError('sort', `sort field "${field}" is unknown. Use one of ${USER_SORT_FIELDS.join(', ')}.`);
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw new QueryParamError('sort', `sort direction "${direction}" is unknown. Use asc or desc, as in sort=name:desc.`);
  }
  return { field: field as UserSortField, direction };
}

function decodeSource(value: string): 'internal' | 'import' | 'integration' {
  if (value === 'internal' || value === 'import' || value === 'integration') return value;
  throw new QueryParamError('source', `source "${value}" is unknown. Use internal, import or integration.`);
}

function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new QueryParamError(name, `${name} "${value}" is not a whole number.`);
  }
  return number;
}
