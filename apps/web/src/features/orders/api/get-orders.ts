import { useCallback } from 'react';
import { infiniteQueryOptions, keepPreviousData, type InfiniteData, type QueryClient, queryOptions, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrderCountsQuerySchema, OrderCountsSchema, OrdersPageSchema, OrdersQuerySchema, type OrderCounts, type OrderCountsQuery, type OrdersPage, type OrdersQuery } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys, type OrdersListQuery } from './keys';

export type { OrdersListQuery };

const searchOf = (query: object) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
};

export async function getOrders(query: Partial<OrdersQuery>, signal?: AbortSignal) {
  return (await apiRequest(`/api/orders?${searchOf(query)}`, OrdersPageSchema, { signal })).data;
}

export const ordersQueryOptions = (query: Partial<OrdersQuery>) =>
  queryOptions({
    queryKey: orderKeys.list(query),
    queryFn: ({ signal }) => getOrders(query, signal),
    placeholderData: keepPreviousData,
  });

export const useOrders = (query: Partial<OrdersQuery>) => useQuery(ordersQueryOptions(query));

const COUNT_FILTERS = Object.keys(OrderCountsQuerySchema.shape) as (keyof OrderCountsQuery)[];

/** The filters that the status tabs' counts depend on: those the contract's counts take, from the list's. */
export function countFilters(query: OrdersListQuery): Partial<OrderCountsQuery> {
  return Object.fromEntries(COUNT_FILTERS.map((name) => [name, query[name]]));
}

/** Orders per page of a list: as asked, else the API's default. */
const DEFAULT_PAGE_SIZE = OrdersQuerySchema.shape.limit.parse(undefined);
const pageSize = (query: OrdersListQuery) => query.limit ?? DEFAULT_PAGE_SIZE;

/**
 * Pages of the endless list kept at once. Scrolling on loads the next page and drops the one
 * furthest up, and scrolling back up loads it again: the page's memory, and what a refetch (coming
 * back to the list, a change made elsewhere) sends, stay those of a few pages however far the
 * person scrolls.
 */
const MAX_PAGES = 5;

/**
 * Where a page of the endless list starts: its cursor (or, after a jump, its offset), and the
 * position of its first order in the list.
 */
export interface OrdersPageParam {
  cursor?: string;
  offset?: number;
  index: number;
}

/** One page of the endless list; a first page's counts fill the counts query, so the tabs keep them when that page is dropped. */
async function fetchListPage(client: QueryClient, query: OrdersListQuery, param: OrdersPageParam, signal?: AbortSignal) {
  const page = await getOrders({ ...query, cursor: param.cursor, offset: param.offset }, signal);
  if (page.counts) client.setQueryData<OrderCounts>(orderKeys.counts(countFilters(query)), { counts: page.counts });
  return page;
}

/**
 * The pages of the orders overview near the view, one keyset cursor after (or before) the other.
 * Each page knows its position in the list, so the rows above the kept pages keep their place (as
 * rows still to load) and nothing moves when a page is dropped.
 */
export const ordersInfiniteQueryOptions = (query: OrdersListQuery) =>
  infiniteQueryOptions<OrdersPage, Error, InfiniteData<OrdersPage, OrdersPageParam>, ReturnType<typeof orderKeys.infinite>, OrdersPageParam>({
    queryKey: orderKeys.infinite(query),
    queryFn: ({ pageParam, signal, client }) => fetchListPage(client, query, pageParam, signal),
    initialPageParam: { index: 0 },
    getNextPageParam: (last, _pages, param): OrdersPageParam | undefined =>
      last.nextCursor ? { cursor: last.nextCursor, index: param.index + last.items.length } : undefined,
    getPreviousPageParam: (first, _pages, param): OrdersPageParam | undefined =>
      first.prevCursor && param.index > 0 ? { cursor: first.prevCursor, index: Math.max(0, param.index - pageSize(query)) } : undefined,
    maxPages: MAX_PAGES,
    placeholderData: keepPreviousData,
  });

export const useInfiniteOrders = (query: OrdersListQuery) => useInfiniteQuery(ordersInfiniteQueryOptions(query));

/**
 * How many orders are in each status tab. The list's first page brings them; this asks for them on
 * their own only while that page is not loaded (`fetch`), e.g. to refresh them deep in the list.
 */
export const useOrderCounts = (filters: Partial<OrderCountsQuery>, fetch: boolean) =>
  useQuery({
    queryKey: orderKeys.counts(filters),
    queryFn: async ({ signal }) => (await apiRequest(`/api/orders/counts?${searchOf(filters)}`, OrderCountsSchema, { signal })).data,
    enabled: fetch,
    placeholderData: keepPreviousData,
  });

/**
 * Moves the endless list's pages to the page holding the order at `index`, fetched by its offset:
 * for a view far from the loaded pages (the scrollbar dragged, Home or End), where loading every
 * page on the way would take one round trip each. The old pages stay on screen until the new one
 * is in, then the list pages on from it by its cursors.
 */
export function useJumpInOrders(query: OrdersListQuery) {
  const client = useQueryClient();
  const key = JSON.stringify(query);
  return useCallback(
    async (index: number) => {
      const list = JSON.parse(key) as OrdersListQuery;
      const size = pageSize(list);
      const start = Math.max(0, Math.floor(index / size) * size);
      let param: OrdersPageParam = start > 0 ? { offset: start, index: start } : { index: 0 };
      const queryKey = orderKeys.infinite(list);
      await client.cancelQueries({ queryKey, exact: true });
      let page = await fetchListPage(client, list, param);
      // Nothing there any more (orders deleted since the list reached so far): start at the top again.
      if (page.items.length === 0 && start > 0) page = await fetchListPage(client, list, (param = { index: 0 }));
      client.setQueryData<InfiniteData<OrdersPage, OrdersPageParam>>(queryKey, { pages: [page], pageParams: [param] });
    },
    [client, key],
  );
}
