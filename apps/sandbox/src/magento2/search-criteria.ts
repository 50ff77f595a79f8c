import { MagentoError, internalError, invalidFieldValue, requiredField } from './errors';

/**
 * Magento 2's `searchCriteria` for `*Repository::getList` endpoints, as documented in "Search
 * using REST endpoints" (developer.adobe.com/commerce/webapi/rest/use-rest/performing-searches):
 *
 *   searchCriteria[filter_groups][<i>][filters][<j>][field|value|condition_type]=…
 *   searchCriteria[sortOrders][<k>][field|direction]=…
 *   searchCriteria[pageSize]=…&searchCriteria[currentPage]=…
 *
 * Filters inside one group are ORed, groups are ANDed. Magento maps snake_case and camelCase keys
 * onto the same setters, so both `filter_groups` and `filterGroups` work here too.
 *
 * Behaviours a client has to live with, reproduced on purpose:
 * - the parameter itself is required: no `searchCriteria` at all is a 400 (`searchCriteria=` alone
 *   means "everything");
 * - with input limits on (2.4.7+), a page size above the maximum (300) is a 400
 *   "Maximum SearchCriteria pageSize is %max", and a missing page size gets the default (20);
 * - a sort order without a direction sorts DESC (the repositories test `== ASC`);
 * - a `currentPage` past the last page returns the last page again (the collection clamps it), so
 *   a client must stop on `total_count`, not on an empty page.
 */

export const MAX_PAGE_SIZE = 300;
export const DEFAULT_PAGE_SIZE = 20;

export interface Filter {
  field: string;
  value: string | undefined;
  conditionType: string;
}

export interface SearchCriteria {
  filterGroups: { filters: Filter[] }[];
  sortOrders: { field: string; direction: 'ASC' | 'DESC' }[];
  pageSize: number | null;
  currentPage: number | null;
}

type QueryTree = { [key: string]: QueryTree | string };

/** Parses a raw query string the way PHP's parse_str does for `a[b][0][c]=v` keys. */
export function parsePhpQuery(rawQuery: string): QueryTree {
  const root: QueryTree = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
    if (!match) continue;
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: QueryTree = root;
    path.forEach((segment, index) => {
      const name = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[name] = value;
        return;
      }
      const child = node[name];
      if (typeof child === 'object') node = child;
      else node = node[name] = {};
    });
  }
  return root;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Object keys normalised to camelCase, as Magento's service input processor does. */
function fields(tree: QueryTree | string | undefined, where: string): Record<string, QueryTree | string> {
  if (tree === undefined || tree === '') return {};
  if (typeof tree === 'string') throw invalidFieldValue(where, tree);
  const out: Record<string, QueryTree | string> = {};
  for (const [key, value] of Object.entries(tree)) out[camel(key)] = value;
  return out;
}

/** The numbered children of an array-like node, in index order. */
function list(tree: QueryTree | string | undefined, where: string): (QueryTree | string)[] {
  if (tree === undefined || tree === '') return [];
  if (typeof tree === 'string') throw invalidFieldValue(where, tree);
  return Object.keys(tree)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => tree[k]!);
}

function readInt(value: QueryTree | string | undefined): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) {
    throw new MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', {
      value: typeof value === 'string' ? value : 'array',
      type: 'int',
    });
  }
  return Number(value);
}

const ALLOWED_KEYS = new Set(['filterGroups', 'sortOrders', 'pageSize', 'currentPage']);

/** Reads `searchCriteria` from a raw query string; throws MagentoError like Magento would. */
export function readSearchCriteria(rawQuery: string, maxPageSize = MAX_PAGE_SIZE): SearchCriteria {
  const query = parsePhpQuery(rawQuery);
  if (!('searchCriteria' in query)) throw requiredField('searchCriteria');
  const sc = fields(query.searchCriteria, 'searchCriteria');
  for (const key of Object.keys(sc)) {
    if (!ALLOWED_KEYS.has(key)) {
      throw new MagentoError(
        400,
        `Property "${key.charAt(0).toUpperCase()}${key.slice(1)}" does not have accessor method "get${key.charAt(0).toUpperCase()}${key.slice(1)}" in class "Magento\\Framework\\Api\\SearchCriteriaInterface".`,
      );
    }
  }
  const filterGroups = list(sc.filterGroups, 'filter_groups').map((group) => {
    const g = fields(group, 'filter_groups');
    return {
      filters: list(g.filters, 'filters').map((f): Filter => {
        const filter = fields(f, 'filters');
        const field = filter.field;
        if (typeof field !== 'string' || field === '') throw requiredField('field');
        const value = filter.value;
        if (value !== undefined && typeof value !== 'string') throw invalidFieldValue('value', 'array');
        const conditionType = filter.conditionType;
        if (conditionType !== undefined && typeof conditionType !== 'string') throw invalidFieldValue('condition_type', 'array');
        return { field, value, conditionType: (conditionType || 'eq').toLowerCase() };
      }),
    };
  });
  const sortOrders = list(sc.sortOrders, 'sort_orders').map((s) => {
    const sort = fields(s, 'sort_orders');
    const field = sort.field;
    if (typeof field !== 'string' || field === '') throw requiredField('field');
    const direction = sort.direction;
    if (direction !== undefined && (typeof direction !== 'string' || !/^(asc|desc)$/i.test(direction))) {
      throw invalidFieldValue('direction', typeof direction === 'string' ? direction : 'array');
    }
    return { field, direction: direction?.toUpperCase() === 'ASC' ? ('ASC' as const) : ('DESC' as const) };
  });
  const pageSize = readInt(sc.pageSize);
  if (pageSize !== null && pageSize > maxPageSize) {
    throw new MagentoError(400, 'Maximum SearchCriteria pageSize is %max', { max: maxPageSize });
  }
  if (pageSize !== null && pageSize < 1) {
    throw new MagentoError(400, 'Minimum SearchCriteria pageSize is %min', { min: 1 });
  }
  const currentPage = readInt(sc.currentPage);
  return { filterGroups, sortOrders, pageSize, currentPage };
}

/** The `search_criteria` object Magento echoes back in a search result. */
export function echoSearchCriteria(criteria: SearchCriteria): Record<string, unknown> {
  const echo: Record<string, unknown> = {
    filter_groups: criteria.filterGroups.map((g) => ({
      filters: g.filters.map((f) => ({ field: f.field, value: f.value ?? null, condition_type: f.conditionType })),
    })),
  };
  if (criteria.sortOrders.length) echo.sort_orders = criteria.sortOrders;
  echo.page_size = criteria.pageSize ?? DEFAULT_PAGE_SIZE;
  if (criteria.currentPage !== null) echo.current_page = criteria.currentPage;
  return echo;
}

/** How one searchable column of an entity is read and compared (its MySQL column type). */
export interface Column<T> {
  type: 'int' | 'decimal' | 'text' | 'datetime';
  get(row: T): string | number | null;
}

const MYSQL_DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/;

/**
 * A filter value as MySQL reads it against the column. A DATETIME column compares with values
 * MySQL can read as a date ("2026-11-20", "2026-11-20 10:00:00", also with a T); a value it cannot
 * read (an ISO string with a "Z" or an offset) is compared as a plain string, so it gives the
 * wrong answer for rows on the same day — as on a real store.
 */
function comparable(type: Column<unknown>['type'], value: string): string | number {
  if (type === 'int' || type === 'decimal') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'datetime') {
    const m = MYSQL_DATETIME.exec(value.trim());
    if (m) return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
    return value;
  }
  return value.toLowerCase();
}

function cmp(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function matches<T>(row: T, filter: Filter, column: Column<T>): boolean {
  const raw = column.get(row);
  if (filter.conditionType === 'null') return raw === null;
  if (filter.conditionType === 'notnull') return raw !== null;
  if (raw === null) return false;
  const value = filter.value ?? '';
  const have = comparable(column.type, String(raw));
  const want = () => comparable(column.type, value);
  switch (filter.conditionType) {
    case 'eq':
      return cmp(have, want()) === 0;
    case 'neq':
      return cmp(have, want()) !== 0;
    case 'gt':
      return cmp(have, want()) > 0;
    case 'gteq':
    case 'moreq':
    case 'from':
      return cmp(have, want()) >= 0;
    case 'lt':
      return cmp(have, want()) < 0;
    case 'lteq':
    case 'to':
      return cmp(have, want()) <= 0;
    case 'in':
      return value.split(',').some((v) => cmp(have, comparable(column.type, v.trim())) === 0);
    case 'nin':
      return value.split(',').every((v) => cmp(have, comparable(column.type, v.trim())) !== 0);
    case 'like':
      return likeToRegExp(value).test(String(raw));
    case 'nlike':
      return !likeToRegExp(value).test(String(raw));
    case 'finset':
      return String(raw).split(',').includes(value);
    case 'nfinset':
      return !String(raw).split(',').includes(value);
    default:
      throw invalidFieldValue('condition_type', filter.conditionType);
  }
}

/**
 * Filters, sorts and pages rows. An unknown field is what MySQL calls an unknown column: the store
 * answers a bare 500 in production mode.
 */
export function applySearchCriteria<T>(
  rows: readonly T[],
  criteria: SearchCriteria,
  columns: Record<string, Column<T>>,
): { items: T[]; totalCount: number } {
  const column = (field: string) => {
    const c = columns[field];
    if (!c) throw internalError();
    return c;
  };
  let result = rows.filter((row) =>
    criteria.filterGroups.every(
      (group) => group.filters.length === 0 || group.filters.some((f) => matches(row, f, column(f.field))),
    ),
  );
  if (criteria.sortOrders.length) {
    const sorts = criteria.sortOrders.map((s) => ({ ...s, column: column(s.field) }));
    result = [...result].sort((a, b) => {
      for (const s of sorts) {
        const x = s.column.get(a);
        const y = s.column.get(b);
        if (x === y) continue;
        // MySQL sorts NULL first in ascending order.
        const order =
          x === null ? -1 : y === null ? 1 : cmp(comparable(s.column.type, String(x)), comparable(s.column.type, String(y)));
        if (order !== 0) return s.direction === 'ASC' ? order : -order;
      }
      return 0;
    });
  }
  const totalCount = result.length;
  const pageSize = criteria.pageSize ?? DEFAULT_PAGE_SIZE;
  const lastPage = Math.max(1, Math.ceil(totalCount / pageSize));
  const page = Math.min(Math.max(criteria.currentPage ?? 1, 1), lastPage);
  return { items: result.slice((page - 1) * pageSize, page * pageSize), totalCount };
}
