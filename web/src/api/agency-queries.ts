import { useQuery } from '@tanstack/react-query';
import { api, type ResponseOf, unwrap } from './client';

// The agency's identity as the server is configured (AGENCY_*): never a literal in the UI.

export type Agency = ResponseOf<'getAgency'>;

export function useAgency() {
  return useQuery({
    queryKey: ['agency'],
    queryFn: () => unwrap(api.GET('/api/v1/agency')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
