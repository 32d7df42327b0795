import { addSignatureToContainer, demoCertificateFor } from '../../src/acts/index.ts';
import type { ApiClient, Reply } from './app.ts';

// The acceptance act in tests, as the parties do it: the agency issues it (signed on the server with
// the test app's demo CA), the institution downloads the container, signs it with a certificate the
// same demo CA issued for its registration number (its "own tool"), and uploads it.

export type SigningInstitution = { name: string; registrationNumber: string };

export async function issueAct(
  reviewer: ApiClient,
  request: { id: string; version: number },
): Promise<Reply> {
  return reviewer.post(`/api/v1/requests/${request.id}/act`, { version: request.version });
}

/** The container as downloaded, with the institution's demo signature added. */
export async function signAsInstitution(
  member: ApiClient,
  dataDir: string,
  requestId: string,
  institution: SigningInstitution,
): Promise<Uint8Array> {
  const download = await member.get(`/api/v1/requests/${requestId}/act/container`);
  if (download.status !== 200)
    throw new Error(`download failed: ${download.status} ${JSON.stringify(download.body)}`);
  const { keyed } = await demoCertificateFor(`${dataDir}/demo-ca`, {
    ...institution,
    person: 'Inese Kalēja',
  });
  return addSignatureToContainer(new Uint8Array(download.raw), keyed, new Date());
}

export function uploadContainer(
  client: ApiClient,
  request: { id: string; version: number },
  container: Uint8Array,
): Promise<Reply> {
  return client.post(`/api/v1/requests/${request.id}/act/containers`, {
    version: request.version,
    containerBase64: Buffer.from(container).toString('base64'),
  });
}

/** Issues the act, signs it as the institution and uploads it: the request leaves acceptance. */
export async function signActByBothParties(
  reviewer: ApiClient,
  member: ApiClient,
  dataDir: string,
  request: { id: string; version: number },
  institution: SigningInstitution,
): Promise<Reply> {
  const issued = await issueAct(reviewer, request);
  if (issued.status !== 201)
    throw new Error(`issueAct failed: ${issued.status} ${JSON.stringify(issued.body)}`);
  const signed = await signAsInstitution(member, dataDir, request.id, institution);
  const current = await member.get(`/api/v1/requests/${request.id}`);
  return uploadContainer(member, { id: request.id, version: current.body.version }, signed);
}
