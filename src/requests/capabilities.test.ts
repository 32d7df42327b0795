import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilities } from './capabilities.ts';
import type { WorkflowActor } from './workflow.ts';

const member: WorkflowActor = { id: 'm', role: 'institution_member', institutionId: 'a' };
const otherMember: WorkflowActor = { id: 'o', role: 'institution_member', institutionId: 'b' };
const reviewer: WorkflowActor = { id: 'r', role: 'agency_reviewer', institutionId: null };
const admin: WorkflowActor = { id: 'x', role: 'agency_admin', institutionId: null };
const request = (state: Parameters<typeof capabilities>[0]['state'], assigneeId: string | null = null) => ({
  state,
  institutionId: 'a',
  assigneeId,
});

describe('request capabilities', () => {
  it('the institution edits drafts and requests sent back for corrections, nothing else', () => {
    assert.equal(capabilities(request('draft'), member).edit, true);
    assert.equal(capabilities(request('corrections_requested'), member).edit, true);
    assert.equal(capabilities(request('submitted'), member).edit, false);
    assert.equal(capabilities(request('draft'), otherMember).edit, false);
    assert.equal(capabilities(request('draft'), admin).edit, false);
  });

  it('the act is issued in acceptance by the assignee or an admin, never by the institution', () => {
    assert.equal(capabilities(request('acceptance', 'r'), reviewer).issueAct, true);
    assert.equal(capabilities(request('acceptance', 'someone'), reviewer).issueAct, false);
    assert.equal(capabilities(request('acceptance', 'someone'), admin).issueAct, true);
    assert.equal(capabilities(request('acceptance', 'r'), member).issueAct, false);
    assert.equal(capabilities(request('in_review', 'r'), reviewer).issueAct, false);
  });

  it('corrections are resolved in review by the assignee or an admin', () => {
    assert.equal(capabilities(request('in_review', 'r'), reviewer).resolveCorrections, true);
    assert.equal(capabilities(request('in_review', 'someone'), reviewer).resolveCorrections, false);
    assert.equal(capabilities(request('in_review', 'someone'), admin).resolveCorrections, true);
    assert.equal(capabilities(request('corrections_requested', 'r'), reviewer).resolveCorrections, false);
  });

  it('a reviewer takes a free request and releases their own; an admin assigns any open request', () => {
    assert.equal(capabilities(request('submitted'), reviewer).assign, 'take');
    assert.equal(capabilities(request('in_review', 'r'), reviewer).assign, 'release');
    assert.equal(capabilities(request('in_review', 'someone'), reviewer).assign, 'none');
    assert.equal(capabilities(request('in_review', 'someone'), admin).assign, 'any');
    assert.equal(capabilities(request('draft'), admin).assign, 'none');
    assert.equal(capabilities(request('completed', 'r'), admin).assign, 'none');
    assert.equal(capabilities(request('submitted'), member).assign, 'none');
  });
});
