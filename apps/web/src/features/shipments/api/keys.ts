import type { ShipmentsQuery } from '@shipdesk/contract';

export const shipmentKeys = {
  all: ['shipments'] as const,
  lists: () => [...shipmentKeys.all, 'list'] as const,
  list: (query: Partial<ShipmentsQuery>) => [...shipmentKeys.lists(), query] as const,
  detail: (id: string) => [...shipmentKeys.all, 'detail', id] as const,
};
