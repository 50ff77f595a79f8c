import { queryOptions, useQuery } from '@tanstack/react-query';
import { AuditLogSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { supportKeys } from './keys';

/** The latest looks by platform support at this merchant's data, newest first (owners only). */
export async function getAuditLog(signal?: AbortSignal) {
  return (await apiRequest('/api/audit', AuditLogSchema, { signal })).data;
}

export const auditLogQueryOptions = queryOptions({
  queryKey: supportKeys.audit,
  queryFn: ({ signal }) => getAuditLog(signal),
});

export const useAuditLog = (enabled = true) => useQuery({ ...auditLogQueryOptions, enabled });
