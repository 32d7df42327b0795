import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type ResponseOf, unwrap } from './client';
import { isStaleVersion, type RequestView, requestKeys } from './request-queries';

// The acceptance act of a request: read it, issue it, upload the signed container, and check any
// container. Every change refreshes the request's queries (the request's version and state move).

export type ActView = ResponseOf<'getAct'>;
export type ActVersion = NonNullable<ActView['current']>;
export type ContainerReport = ResponseOf<'verifyContainer'>['report'];
export type SignatureReport = ContainerReport['signatures'][number];
export type VerifyResult = ResponseOf<'verifyContainer'>;

/** The largest container accepted (the server refuses more). */
export const maxContainerBytes = 20 * 1024 * 1024;

export const actDownloadUrl = (requestId: string, kind: 'pdf' | 'container', version?: number) =>
  `/api/v1/requests/${requestId}/act/${kind}${version === undefined ? '' : `?version=${version}`}`;

export function useAct(requestId: string, enabled = true) {
  return useQuery({
    queryKey: requestKeys.act(requestId),
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}/act', { params: { path: { id: requestId } } })),
    enabled,
  });
}

function useRefreshAfterChange(requestId: string) {
  const queryClient = useQueryClient();
  return {
    refresh: () => queryClient.invalidateQueries({ queryKey: requestKeys.all }),
    onError: (error: unknown) => {
      if (isStaleVersion(error)) return queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
    current: () => queryClient.getQueryData<RequestView>(requestKeys.detail(requestId)),
    setAct: (view: ActView) => queryClient.setQueryData(requestKeys.act(requestId), view),
  };
}

export function useIssueAct(requestId: string) {
  const after = useRefreshAfterChange(requestId);
  return useMutation({
    mutationFn: (input: { language: 'lv' | 'en'; conclusionNote?: string }) => {
      const request = after.current();
      if (!request) throw new Error('request not loaded');
      return unwrap(
        api.POST('/api/v1/requests/{id}/act', {
          params: { path: { id: requestId } },
          body: { version: request.version, ...input },
        }),
      );
    },
    onSuccess: (view) => {
      after.setAct(view);
      return after.refresh();
    },
    onError: after.onError,
  });
}

/** A refused upload carries the verification report in its problem document. */
export function reportOfRefusal(error: unknown): ContainerReport | null {
  if (!(error instanceof ApiError) || error.problem.code !== 'invalid_container') return null;
  return (error.problem as unknown as { report?: ContainerReport }).report ?? null;
}

export function useUploadSignedAct(requestId: string) {
  const after = useRefreshAfterChange(requestId);
  return useMutation({
    mutationFn: async (file: File) => {
      const request = after.current();
      if (!request) throw new Error('request not loaded');
      return unwrap(
        api.POST('/api/v1/requests/{id}/act/containers', {
          params: { path: { id: requestId } },
          body: { version: request.version, containerBase64: await fileToBase64(file) },
        }),
      );
    },
    onSuccess: () => after.refresh(),
    onError: after.onError,
  });
}

export async function verifyContainerFile(file: File): Promise<VerifyResult> {
  return unwrap(api.POST('/api/v1/acts/verify', { body: { containerBase64: await fileToBase64(file) } }));
}

/** Base64 of a file's bytes, read by the browser itself (a data: URL without its prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}
