import type { Actor } from '../src/accounts/actor.ts';
import { createApiToken } from '../src/accounts/api-tokens.ts';
import type { Db } from '../src/platform/db/transaction.ts';
import { type Action, createRequest, type RequestView, transitionRequest } from '../src/requests/index.ts';
import { makeInstitution, makeTestService, makeUser, requestInput } from '../tests/helpers/factories.ts';

/** Links in the e-mails that benchmarked workflow steps enqueue (never delivered). */
const benchUrl = 'http://localhost:8080';

// The bench's data, built through the same use cases users go through (so every request has a real
// history chain): three institutions, a reviewer, and `requestCount` complete drafts spread over them.
// The drafts are both the rows listRequests pages over and the supply of fresh requests that the write
// benches walk through the workflow.

/**
 * The way through the procedure that plain transitions can take: not used in VISS infrastructure
 * (so no acceptance act) and hosted in production. The act's step needs a signed container; its
 * costs (rendering, signing, verifying) are measured by bench/acts.ts.
 */
export const fullPath: { action: Action; by: 'member' | 'reviewer' }[] = [
  { action: 'submit', by: 'member' },
  { action: 'startReview', by: 'reviewer' },
  { action: 'approveReview', by: 'reviewer' },
  { action: 'registerInProduction', by: 'reviewer' },
  { action: 'confirmInstallation', by: 'reviewer' },
];

export type Member = { actor: Actor; institutionId: string; token: string };

export type BenchData = {
  reviewer: Actor;
  reviewerToken: string;
  members: Member[];
  /** The getRequest target: in review after one corrections round, so the view has corrections. */
  reviewedRequestId: string;
  drafts: { id: string; institutionId: string }[];
};

export async function seedBench(db: Db, requestCount: number): Promise<BenchData> {
  const reviewer = await makeUser(db, 'agency_reviewer');
  const members: Member[] = [];
  for (let i = 0; i < 3; i += 1) {
    const institution = await makeInstitution(db);
    const actor = await makeUser(db, 'institution_member', institution.id);
    const { token } = await createApiToken(db, actor, { name: 'bench' });
    members.push({ actor, institutionId: institution.id, token });
  }

  // One test service (and information system) per request, as in life. Requests sharing a service
  // would also race when registered in production at the same moment: see bench/RESULTS.md.
  const newRequest = async (member: Member) => {
    const service = await makeTestService(db, member.institutionId);
    return createRequest(db, member.actor, requestInput(service.id, { usedInVissInfrastructure: false }));
  };
  const drafts: BenchData['drafts'] = [];
  for (let i = 0; i < requestCount; i += 1) {
    const member = members[i % members.length] as Member;
    drafts.push({ id: (await newRequest(member)).id, institutionId: member.institutionId });
  }

  const first = members[0] as Member;
  let reviewed: RequestView = await newRequest(first);
  const steps: [Actor, 'submit' | 'startReview' | 'requestCorrections', string[]?][] = [
    [first.actor, 'submit'],
    [reviewer, 'startReview'],
    [reviewer, 'requestCorrections', ['Norādiet kļūdu atbildes visām operācijām.', 'Galapunkts ar HTTPS.']],
    [first.actor, 'submit'],
    [reviewer, 'startReview'],
  ];
  for (const [actor, action, corrections] of steps) {
    reviewed = await transitionRequest(
      db,
      actor,
      reviewed.id,
      action,
      {
        version: reviewed.version,
        ...(corrections && { corrections }),
      },
      benchUrl,
    );
  }

  const { token: reviewerToken } = await createApiToken(db, reviewer, { name: 'bench' });
  return { reviewer, reviewerToken, members, reviewedRequestId: reviewed.id, drafts };
}
