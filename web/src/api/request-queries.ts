import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type BodyOf, nullIfNotFound, type ResponseOf, unwrap } from './client';
import type { paths } from './schema';

// Reading and changing one request, shared by the request pages. Every query about requests lives
// under the ['requests'] key, so one invalidation after a change refreshes the page, its history,
// the thread and every list (the institution's list and the agency's queue).

export type RequestView = ResponseOf<'getRequest'>;
export type RequestSummary = ResponseOf<'listRequests'>['items'][number];
export type State = RequestView['state'];
export type Action = RequestView['allowedActions'][number];
export type BlockedAction = RequestView['blockedActions'][number];
export type Correction = RequestView['corrections'][number];
export type HistoryEntry = ResponseOf<'getRequestHistory'>['items'][number];
export type Message = ResponseOf<'listRequestMessages'>['items'][number];
export type Workflow = ResponseOf<'getWorkflow'>;
export type CatalogService = ResponseOf<'listCatalogServices'>['items'][number];
export type DescriptionView = ResponseOf<'getRequestDescription'>;
export type Finding = DescriptionView['findings'][number];
export type AuditAnalysisSnapshot = ResponseOf<'listAuditAnalyses'>['items'][number];
export type AuditAnalysis = AuditAnalysisSnapshot['results'];
export type ActionInput = Omit<BodyOf<'submitRequest'>, 'version'>;

export const requestKeys = {
  all: ['requests'] as const,
  list: (query: object) => ['requests', 'list', query] as const,
  detail: (id: string) => ['requests', 'detail', id] as const,
  history: (id: string) => ['requests', 'history', id] as const,
  messages: (id: string) => ['requests', 'messages', id] as const,
  notes: (id: string) => ['requests', 'notes', id] as const,
  description: (id: string) => ['requests', 'description', id] as const,
  auditAnalyses: (id: string) => ['requests', 'audit-analyses', id] as const,
  act: (id: string) => ['requests', 'act', id] as const,
};

/** Actions whose input is a file, with their own form (uploadSignedAct: the act panel). */
type OwnFormAction = 'uploadSignedAct';
export type FormlessAction = Exclude<Action, OwnFormAction>;

export function hasOwnForm(action: Action): action is OwnFormAction {
  return action === 'uploadSignedAct';
}

/**
 * Where each workflow action is posted. Typed against the generated paths, so a renamed route breaks
 * the build; the server's `actionOperations` is the source this mirrors.
 */
export const actionPaths = {
  submit: '/api/v1/requests/{id}/submit',
  startReview: '/api/v1/requests/{id}/start-review',
  requestCorrections: '/api/v1/requests/{id}/request-corrections',
  approveReview: '/api/v1/requests/{id}/approve-review',
  reject: '/api/v1/requests/{id}/reject',
  withdraw: '/api/v1/requests/{id}/withdraw',
  registerInProduction: '/api/v1/requests/{id}/register-in-production',
  confirmInstallation: '/api/v1/requests/{id}/confirm-installation',
} as const satisfies Record<FormlessAction, keyof paths>;

export function runAction(
  id: string,
  action: FormlessAction,
  body: BodyOf<'submitRequest'>,
): Promise<RequestView> {
  return unwrap(api.POST(actionPaths[action], { params: { path: { id } }, body }));
}

export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.problem.code === 'stale_version';
}

export function useRequest(id: string) {
  return useQuery({
    queryKey: requestKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}', { params: { path: { id } } })),
  });
}

export function useRequestHistory(id: string) {
  return useQuery({
    queryKey: requestKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}/history', { params: { path: { id } } })),
  });
}

/** The latest attached description, or null when none has been attached yet (404). */
export function useRequestDescription(id: string) {
  return useQuery({
    queryKey: requestKeys.description(id),
    queryFn: (): Promise<DescriptionView | null> =>
      nullIfNotFound(unwrap(api.GET('/api/v1/requests/{id}/description', { params: { path: { id } } }))),
  });
}

/** The audit-record analyses attached to the request, newest first. */
export function useAuditAnalyses(id: string) {
  return useQuery({
    queryKey: requestKeys.auditAnalyses(id),
    queryFn: () => unwrap(api.GET('/api/v1/requests/{id}/audit-analyses', { params: { path: { id } } })),
  });
}

/** The procedure as data (states with their steps, actions with the inputs they need); it never changes while the page is open. */
export function useWorkflow() {
  return useQuery({
    queryKey: ['workflow'],
    queryFn: () => unwrap(api.GET('/api/v1/workflow')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function afterChange(queryClient: QueryClient, id: string, view: RequestView): Promise<void> {
  queryClient.setQueryData(requestKeys.detail(id), view);
  return queryClient.invalidateQueries({ queryKey: requestKeys.all });
}

/**
 * A change to a request that sends the version last read. On success the page shows the new request
 * and every request query refreshes; when someone else changed it first (409 stale-version) the
 * request is fetched again, so the caller can show the translated error over fresh data.
 */
export function useRequestChange<Input>(
  id: string,
  change: (input: Input, version: number) => Promise<RequestView>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => {
      const current = queryClient.getQueryData<RequestView>(requestKeys.detail(id));
      if (!current) throw new Error('request not loaded');
      return change(input, current.version);
    },
    onSuccess: (view) => afterChange(queryClient, id, view),
    onError: (error) => {
      if (isStaleVersion(error)) return queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
  });
}

/** What follows a change to a request's description: the new view shown, the request and history reloaded. */
export function useAfterDescriptionChange(id: string) {
  const queryClient = useQueryClient();
  return {
    onSuccess: (view: DescriptionView) => {
      queryClient.setQueryData(requestKeys.description(id), view);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: requestKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.history(id) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.description(id) }),
      ]);
    },
    onError: (error: unknown) => {
      if (isStaleVersion(error)) return queryClient.invalidateQueries({ queryKey: requestKeys.all });
    },
  };
}
