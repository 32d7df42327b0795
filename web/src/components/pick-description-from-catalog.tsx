import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCatalogDescription } from '../api/catalog-queries';
import { api, unwrap } from '../api/client';
import { type RequestView, useAfterDescriptionChange } from '../api/request-queries';
import { ErrorAlert } from './feedback';

// When the service's test-catalog entry already holds its description, the request can take it from
// there instead of an upload: the same check and comparison run on it.

export function PickFromCatalog({ request, onAttached }: { request: RequestView; onAttached: () => void }) {
  const { t } = useTranslation('requests');
  const registered = useCatalogDescription(request.service.id);
  const after = useAfterDescriptionChange(request.id);
  const take = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/requests/{id}/description/from-catalog', {
          params: { path: { id: request.id } },
          body: { version: request.version },
        }),
      ),
    ...after,
  });
  if (!registered.data) return null;
  return (
    <div className="description-from-catalog">
      <p>
        {t('description.fromCatalog.available', {
          file: registered.data.mainFile,
          count: registered.data.files.length,
        })}
      </p>
      <ErrorAlert error={take.error} />
      <button
        type="button"
        className="button-secondary"
        disabled={take.isPending}
        onClick={() => take.mutate(undefined, { onSuccess: onAttached })}
      >
        {t('description.fromCatalog.take')}
      </button>
    </div>
  );
}
