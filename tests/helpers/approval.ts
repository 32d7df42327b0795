import assert from 'node:assert/strict';
import type { ApiClient } from './app.ts';

// Approval needs a checked description without open errors (the workflow's guards), so tests that
// approve attach this one first: an OpenAPI document with no paths, in which the checker finds no error.

export const cleanOpenApi = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'T', version: '1' },
  paths: {},
});

/** Attaches the clean description as `client` (the assigned reviewer); returns the request's new version. */
export async function attachCleanDescription(
  client: ApiClient,
  id: string,
  version: number,
): Promise<number> {
  const res = await client.post(`/api/v1/requests/${id}/description`, {
    version,
    main: 'api.json',
    files: [{ name: 'api.json', content: cleanOpenApi }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
  return version + 1;
}
