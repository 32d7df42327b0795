import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import {
  type Action,
  type ActionInput,
  hasOwnForm,
  type RequestView,
  runAction,
  useRequest,
  useRequestChange,
  useRequestDescription,
  useRequestHistory,
  useWorkflow,
} from '../api/request-queries';
import { ActPanel } from '../components/act-panel';
import { ActionPanel, actionRequirementsOf } from '../components/action-panel';
import { AssignmentControl, useAgencyUsers, useTakeRequest } from '../components/assignment-control';
import { AuditAnalysisPanel } from '../components/audit-analysis-panel';
import { CorrectionsList } from '../components/corrections-list';
import { DescriptionPanel, locationOf } from '../components/description-panel';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading, Notice } from '../components/feedback';
import { MessageThread } from '../components/message-thread';
import { stepsByState } from '../components/procedure';
import { ProcedureDiagram } from '../components/procedure-diagram';
import { RequestDetails, RequestFacts } from '../components/request-details';
import { FormErrorSummary, focusFirstInvalid, RequestForm } from '../components/request-form';
import {
  type FormErrors,
  hasErrors,
  type RequestFormValues,
  requestFormFrom,
  splitProblem,
  toUpdateBody,
  validateRequestForm,
} from '../components/request-form-model';
import { StateBadge } from '../components/state-badge';
import { Timeline } from '../components/timeline';
import { useMediaQuery } from '../components/use-media-query';
import { isAgency, type SessionUser, useSession } from '../session';
import type { ArrivalFlash } from './request-new';
import '../styles/requests.css';

/** One request, for every role: the API decides what the caller sees and may do. */
export function RequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['requests', 'common']);
  const { user } = useSession();
  const request = useRequest(id);
  const data = request.data;
  useDocumentTitle(
    data ? t('detail.documentTitle', { reference: data.reference, service: data.service.name }) : undefined,
  );

  if (request.isLoading || !user) return <Loading />;
  if (!data) {
    const notFound = request.error instanceof ApiError && request.error.problem.code === 'not_found';
    return (
      <>
        <h1>{t(notFound ? 'detail.notFound' : 'detail.loadFailed')}</h1>
        {notFound ? <p>{t('detail.notFoundText')}</p> : <ErrorAlert error={request.error} />}
        <p>
          <Link to="/">{t('common:notFound.back')}</Link>
        </p>
      </>
    );
  }
  return <RequestContent request={data} user={user} />;
}

/** How many history entries a phone shows before "show all". */
const historyOnPhone = 5;

function RequestContent({ request, user }: { request: RequestView; user: SessionUser }) {
  const { t, i18n } = useTranslation(['requests', 'workflow', 'common']);
  const location = useLocation();
  const navigate = useNavigate();
  // The arrival message is shown once: it is moved out of the history entry so a reload does not repeat it.
  const [flash] = useState(() => (location.state as { flash?: ArrivalFlash } | null)?.flash);
  const [finishedMessage, setFinishedMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const history = useRequestHistory(request.id);
  const workflow = useWorkflow();
  const agency = isAgency(user.role);
  const agencyUsers = useAgencyUsers(agency);
  const taking = useTakeRequest(request, user);
  // On a phone the history shows its newest entries first and the rest on request: the page stays
  // a page, not a scroll of every step ever taken.
  const narrow = useMediaQuery('(max-width: 40rem)');
  const [allHistory, setAllHistory] = useState(false);

  const act = useRequestChange(request.id, (input: { action: Action; input: ActionInput }, version) => {
    // Actions that take a file (the signed act) have their own form and never reach the action panel.
    if (hasOwnForm(input.action)) throw new Error(`${input.action} has its own form`);
    return runAction(request.id, input.action, { ...input.input, version });
  });
  const resolve = useRequestChange(request.id, (correctionId: string, version) =>
    unwrap(
      api.POST('/api/v1/requests/{id}/corrections/{correctionId}/resolve', {
        params: { path: { id: request.id, correctionId } },
        body: { version },
      }),
    ),
  );
  const [resolveAnnouncement, setResolveAnnouncement] = useState('');
  const resolveMany = useRequestChange(request.id, (correctionIds: string[], version) =>
    unwrap(
      api.POST('/api/v1/requests/{id}/corrections/resolve', {
        params: { path: { id: request.id } },
        body: { version, correctionIds },
      }),
    ),
  );
  // A thread message does not move the request's version; the request is read again to show it.
  const reply = useRequestChange(request.id, async (input: { correctionId: string; body: string }) => {
    await unwrap(
      api.POST('/api/v1/requests/{id}/corrections/{correctionId}/messages', {
        params: { path: { id: request.id, correctionId: input.correctionId } },
        body: { body: input.body },
      }),
    );
    return unwrap(api.GET('/api/v1/requests/{id}', { params: { path: { id: request.id } } }));
  });

  // Arriving from the new-request form: say what happened and start reading at the heading.
  useEffect(() => {
    if (flash) {
      headingRef.current?.focus();
      navigate(location.pathname, { replace: true, state: null });
    }
  }, [flash, navigate, location.pathname]);

  /** Runs an action; when it leaves nothing more to do, the action panel goes, so say so at the top. */
  async function runAndConfirm(action: Action, input: ActionInput) {
    const view = await act.mutateAsync({ action, input });
    if (view.allowedActions.length === 0 && view.blockedActions.length === 0) {
      setFinishedMessage(t(`workflow:done.${action}`));
      headingRef.current?.focus();
    }
    return view;
  }

  // The description's open errors and warnings start the corrections list; the reviewer edits it.
  const description = useRequestDescription(request.id);
  const language = i18n.language === 'en' ? 'en' : 'lv';
  const suggestedCorrections = (description.data?.findings ?? [])
    .filter((f) => !f.waiver && f.severity !== 'info')
    .map((f) => `${f.message[language]} (${f.ruleId}, ${locationOf(f.location)})`);
  const openDescriptionErrors = (description.data?.findings ?? []).filter(
    (f) => !f.waiver && f.severity === 'error',
  ).length;

  const stepOf = stepsByState(workflow.data?.states ?? []);
  // A finished request has nothing left to do; the diagram states the outcome.
  const isFinished = workflow.data?.states.find((s) => s.id === request.state)?.step === null;
  const endedFrom = request.endedFrom;
  const canResolve = request.capabilities.resolveCorrections;
  // After step 3 the act stays on the page, read-only: its history entry says it was issued.
  const hadAct = (history.data?.items ?? []).some((e) => e.action === 'issueAct');

  const people: Record<string, string> = {};
  for (const u of agencyUsers.data ?? []) people[u.id] = u.displayName;
  for (const e of history.data?.items ?? []) people[e.actor.id] = e.actor.displayName;
  if (request.assignee) people[request.assignee.id] = request.assignee.displayName;

  return (
    <>
      <p className="breadcrumb">
        <Link to={agency ? '/queue' : '/requests'}>
          {t(agency ? 'detail.backToQueue' : 'detail.backToList')}
        </Link>
      </p>
      <header className="request-header">
        <div>
          <p className="eyebrow">{t('detail.eyebrow')}</p>
          <h1 ref={headingRef} tabIndex={-1}>
            {request.reference}
          </h1>
          <p className="request-service">
            <span>{request.service.name}</span> <code>{request.service.identifier}</code>
          </p>
          <p className="muted">{request.institution.name}</p>
        </div>
        <StateBadge state={request.state} />
      </header>

      {finishedMessage ? <Notice>{finishedMessage}</Notice> : null}
      {flash === 'notSubmitted' ? (
        <div className="alert alert-warning" role="status">
          <p>{t('detail.flash.notSubmitted')}</p>
        </div>
      ) : flash ? (
        <Notice>{t(`detail.flash.${flash}`)}</Notice>
      ) : null}

      {workflow.data ? (
        <ProcedureDiagram request={request} stepOf={stepOf} endedFrom={endedFrom} />
      ) : (
        <Loading />
      )}

      <div className="request-layout">
        <div className="request-main">
          {isFinished && request.allowedActions.length === 0 ? null : workflow.data ? (
            <ActionPanel
              key={request.id}
              allowed={request.allowedActions.filter((a) => !hasOwnForm(a))}
              blocked={request.blockedActions}
              missingFields={request.missingForSubmission}
              requirements={actionRequirementsOf(workflow.data)}
              status={t(`status.${agency ? 'agency' : 'institution'}.${request.state}`)}
              onRun={runAndConfirm}
              suggestedCorrections={suggestedCorrections}
              openDescriptionErrors={openDescriptionErrors}
              production={request.production}
              take={agency && taking.canTake ? { onTake: taking.take, pending: taking.isPending } : undefined}
            />
          ) : (
            <ErrorAlert error={workflow.error} />
          )}

          {request.corrections.length > 0 ? (
            <CorrectionsList
              corrections={request.corrections}
              canResolve={canResolve}
              resolving={resolve.isPending ? (resolve.variables ?? null) : null}
              error={resolve.error ?? resolveMany.error ?? reply.error}
              announcement={resolveAnnouncement}
              onResolveMany={(ids) => {
                setResolveAnnouncement('');
                resolveMany.mutate(ids, {
                  onSuccess: () =>
                    setResolveAnnouncement(t('corrections.resolvedManyDone', { count: ids.length })),
                });
              }}
              onReply={
                request.state === 'completed' || request.state === 'rejected' || request.state === 'withdrawn'
                  ? undefined
                  : (correctionId, body) =>
                      reply.mutate(
                        { correctionId, body },
                        { onSuccess: () => setResolveAnnouncement(t('corrections.replyDone')) },
                      )
              }
              onResolve={(correctionId) => {
                setResolveAnnouncement('');
                resolve.mutate(correctionId, {
                  onSuccess: () => setResolveAnnouncement(t('corrections.resolvedDone')),
                });
              }}
            />
          ) : null}

          <RequestSection request={request} />

          <DescriptionPanel request={request} />

          {request.usedInVissInfrastructure ? <AuditAnalysisPanel request={request} /> : null}
          {request.usedInVissInfrastructure && (request.state === 'acceptance' || hadAct) ? (
            <ActPanel request={request} />
          ) : null}

          <MessageThread requestId={request.id} kind="messages" />

          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t('history.title')}</h2>
            <p className="muted">{t('history.intro')}</p>
            {history.isLoading ? <Loading /> : <ErrorAlert error={history.error} />}
            {history.data ? (
              <>
                <Timeline
                  entries={
                    narrow && !allHistory ? history.data.items.slice(0, historyOnPhone) : history.data.items
                  }
                  people={people}
                />
                {narrow && !allHistory && history.data.items.length > historyOnPhone ? (
                  <button type="button" className="button-secondary" onClick={() => setAllHistory(true)}>
                    {t('history.showAll', { count: history.data.items.length })}
                  </button>
                ) : null}
              </>
            ) : null}
          </section>
        </div>

        <aside className="request-aside" aria-label={t('detail.aside')}>
          <section className="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t('facts.title')}</h2>
            <RequestFacts request={request} />
          </section>
          {agency ? <AssignmentControl request={request} user={user} /> : null}
          {agency ? <MessageThread requestId={request.id} kind="notes" /> : null}
        </aside>
      </div>
    </>
  );
}

/** The request's data; the institution edits it here while it is a draft or corrections are asked for. */
function RequestSection({ request }: { request: RequestView }) {
  const { t } = useTranslation(['requests', 'common']);
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const editable = request.capabilities.edit;

  function close(saved: boolean) {
    setEditing(false);
    setAnnouncement(saved ? t('edit.saved') : '');
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>{t('details.title')}</h2>
        {editable && !editing ? (
          <button
            ref={editButton}
            type="button"
            className="button-secondary"
            onClick={() => {
              setAnnouncement('');
              setEditing(true);
            }}
          >
            {t('edit.open')}
          </button>
        ) : null}
      </div>
      <p role="status" className={announcement ? 'alert alert-success' : 'visually-hidden'}>
        {announcement}
      </p>
      {editable && editing ? (
        <EditRequestForm request={request} onClose={close} />
      ) : (
        <RequestDetails request={request} />
      )}
    </section>
  );
}

function EditRequestForm({ request, onClose }: { request: RequestView; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation(['requests', 'common']);
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<RequestFormValues>(() => requestFormFrom(request));
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<unknown>(null);
  const update = useRequestChange(request.id, (v: RequestFormValues, version) =>
    unwrap(
      api.PATCH('/api/v1/requests/{id}', {
        params: { path: { id: request.id } },
        body: toUpdateBody(v, version),
      }),
    ),
  );

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('textarea')?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const found = validateRequestForm(values, { forSubmission: false, needsService: false });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    update.mutate(values, {
      onSuccess: () => onClose(true),
      onError: (e) => {
        const { fields, rest } = splitProblem(e);
        setErrors(fields);
        setError(rest);
        focusFirstInvalid(formRef.current);
      },
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="edit-form">
      <p className="hint">{t('edit.intro')}</p>
      <FormErrorSummary errors={errors} />
      <ErrorAlert error={error} />
      <RequestForm
        values={values}
        onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
        errors={errors}
      />
      <div className="actions form-actions">
        <button type="submit" className="button-primary" disabled={update.isPending}>
          {t('edit.save')}
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => onClose(false)}
          disabled={update.isPending}
        >
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
