import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { type RequestView, useRequestChange } from '../api/request-queries';
import type { SessionUser } from '../session';
import { Modal } from './dialog';
import { ErrorAlert } from './feedback';
import { Field } from './form';
import '../styles/requests.css';

// Who at the agency works on the request. A reviewer takes a free request or releases their own; an
// agency admin may also pick any agency user. The API enforces this; the control only offers it.

type AgencyUser = { id: string; displayName: string; role: string };

/** Active agency users (reviewers and admins), which every agency user may list. */
export function useAgencyUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'agency'],
    enabled,
    staleTime: 60_000,
    queryFn: async (): Promise<AgencyUser[]> => {
      const staff = await unwrap(api.GET('/api/v1/agency-staff'));
      return staff.items.filter((u) => u.isActive);
    },
  });
}

const assign = (id: string) => (assigneeId: string | null, version: number) =>
  unwrap(
    api.POST('/api/v1/requests/{id}/assignee', { params: { path: { id } }, body: { version, assigneeId } }),
  );

/** Taking the request for oneself, from wherever the page offers it (the action panel too). */
export function useTakeRequest(request: RequestView, user: SessionUser) {
  const change = useRequestChange(request.id, assign(request.id));
  const may = request.capabilities.assign;
  const canTake = request.assignee?.id !== user.id && (may === 'take' || may === 'any');
  return { canTake, take: () => change.mutate(user.id), isPending: change.isPending, error: change.error };
}

export function AssignmentControl({ request, user }: { request: RequestView; user: SessionUser }) {
  const { t } = useTranslation(['requests', 'common']);
  const headingId = useId();
  const users = useAgencyUsers(request.capabilities.assign === 'any');
  const change = useRequestChange(request.id, assign(request.id));
  const [picked, setPicked] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [confirmingRelease, setConfirmingRelease] = useState(false);
  /** Who had the request before it was released, while the release can still be undone. */
  const [undoTo, setUndoTo] = useState<{ id: string; name: string } | null>(null);
  const assignee = request.assignee;
  const isMine = assignee?.id === user.id;
  // The server says what this user may do here (take, release, assign anyone, or nothing).
  const may = request.capabilities.assign;
  const assignable = may !== 'none' || (assignee !== null && !isMine);

  function run(assigneeId: string | null, done: string, after?: () => void) {
    setAnnouncement('');
    change.mutate(assigneeId, {
      onSuccess: () => {
        setAnnouncement(done);
        after?.();
      },
    });
  }

  function release() {
    const previous = assignee;
    setConfirmingRelease(false);
    run(null, t('assignment.releasedDone'), () =>
      setUndoTo(previous ? { id: previous.id, name: previous.displayName } : null),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (picked) run(picked, t('assignment.done'));
  }

  return (
    <section className="card assignment" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('assignment.title')}</h2>
      <p>
        {assignee ? (
          <>
            {t('assignment.current')}{' '}
            <strong>
              {isMine ? t('assignment.you', { name: assignee.displayName }) : assignee.displayName}
            </strong>
          </>
        ) : (
          t('assignment.nobody')
        )}
      </p>
      <ErrorAlert error={change.error} />
      {assignable ? (
        <>
          <div className="actions">
            {!isMine && (may === 'take' || may === 'any') ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() => run(user.id, t('assignment.taken'), () => setUndoTo(null))}
              >
                {t('assignment.take')}
              </button>
            ) : null}
            {assignee && (may === 'release' || may === 'any') ? (
              <button
                type="button"
                className="button-secondary"
                disabled={change.isPending}
                onClick={() => setConfirmingRelease(true)}
              >
                {t('assignment.release')}
              </button>
            ) : null}
          </div>
          <Modal
            open={confirmingRelease}
            title={t('assignment.releaseConfirm.title', { reference: request.reference })}
            onClose={() => setConfirmingRelease(false)}
          >
            <p>{t('assignment.releaseConfirm.body')}</p>
            <div className="actions">
              <button type="button" className="button-danger" onClick={release} disabled={change.isPending}>
                {t('assignment.releaseConfirm.yes')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setConfirmingRelease(false)}>
                {t('common:cancel')}
              </button>
            </div>
          </Modal>
          {may === 'none' ? <p className="hint">{t('assignment.askAdmin')}</p> : null}
          {may === 'any' ? (
            <form onSubmit={submit} className="assign-form" noValidate>
              <Field label={t('assignment.pick')}>
                {(props) => (
                  <select {...props} value={picked} onChange={(e) => setPicked(e.target.value)}>
                    <option value="">{t('assignment.pickPlaceholder')}</option>
                    {(users.data ?? []).map((u) => (
                      <option key={u.id} value={u.id}>
                        {t('assignment.option', { name: u.displayName, role: t(`common:role.${u.role}`) })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <ErrorAlert error={users.error} />
              <button
                type="submit"
                className="button-primary"
                disabled={!picked || change.isPending || picked === assignee?.id}
              >
                {t('assignment.assign')}
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <p className="hint">{t('assignment.notAssignable')}</p>
      )}
      <p role="status" className="muted">
        {announcement}{' '}
        {undoTo && !request.assignee ? (
          <button
            type="button"
            className="button-link"
            disabled={change.isPending}
            onClick={() =>
              run(undoTo.id, t('assignment.undone', { name: undoTo.name }), () => setUndoTo(null))
            }
          >
            {t('assignment.undo')}
          </button>
        ) : null}
      </p>
    </section>
  );
}
