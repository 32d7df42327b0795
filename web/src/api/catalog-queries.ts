import { useQuery } from '@tanstack/react-query';
import { api, nullIfNotFound, type ResponseOf, unwrap } from './client';

export type CatalogDescription = ResponseOf<'getCatalogDescription'>;

/** The description registered with a catalog entry; null when the entry has none. */
export function useCatalogDescription(serviceId: string) {
  return useQuery({
    queryKey: ['catalog', 'description', serviceId],
    queryFn: (): Promise<CatalogDescription | null> =>
      nullIfNotFound(
        unwrap(api.GET('/api/v1/catalog/services/{id}/description', { params: { path: { id: serviceId } } })),
      ),
  });
}

/** Where a browser downloads one file of an entry's registered description. */
export function catalogDescriptionFileUrl(serviceId: string, name: string): string {
  return `/api/v1/catalog/services/${serviceId}/description/file?name=${encodeURIComponent(name)}`;
}
