import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personHasher } from './end-user-hash.ts';
import { generateAuditRecords } from './generate-records.ts';
import { toAuditRecord } from './record.ts';

const options = {
  services: [
    {
      urn: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
      operations: ['SaņemtPersonasDatus', 'SaņemtPersonasStatusu'],
    },
    {
      urn: 'URN:IVIS:100033:RDPB.StavvietuAtlaujas-V1-0',
      operations: ['GET /atlaujas', 'GET /atlaujas/{numurs}'],
    },
  ],
  // A Monday.
  start: new Date('2026-10-05T00:00:00Z'),
  days: 14,
  ratePerDay: 400,
  seed: 7,
};

describe('audit record generator', () => {
  const records = [...generateAuditRecords(options)];

  it('gives the same records for the same seed and different ones for another', () => {
    assert.deepEqual([...generateAuditRecords(options)].slice(0, 50), records.slice(0, 50));
    assert.notDeepEqual([...generateAuditRecords({ ...options, seed: 8 })].slice(0, 5), records.slice(0, 5));
  });

  it('writes only records the importer accepts, in time order, about the rate asked for', () => {
    const hash = personHasher('generator-test-secret-generator-x');
    for (const [i, r] of records.entries()) {
      const checked = toAuditRecord(r, i + 1, 'test', hash);
      assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.issues));
    }
    const times = records.map((r) => Date.parse(r.requestInAt));
    assert.ok(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0)));
    const perServicePerDay = records.length / 2 / 14;
    assert.ok(perServicePerDay > 300 && perServicePerDay < 500, String(perServicePerDay));
  });

  it('follows the working day and the week', () => {
    const rigaHour = (iso: string) => (new Date(iso).getUTCHours() + 2) % 24;
    const office = records.filter((r) => rigaHour(r.requestInAt) >= 9 && rigaHour(r.requestInAt) < 17).length;
    const night = records.filter((r) => rigaHour(r.requestInAt) < 6).length;
    assert.ok(office > night * 10, `${office} vs ${night}`);
    const weekday = (iso: string) => new Date(Date.parse(iso) + 2 * 3_600_000).getUTCDay();
    const saturdays = records.filter((r) => weekday(r.requestInAt) === 6).length;
    const tuesdays = records.filter((r) => weekday(r.requestInAt) === 2).length;
    assert.ok(tuesdays > saturdays * 2, `${tuesdays} vs ${saturdays}`);
  });

  it('mixes operations and consumers unevenly, with some faults carrying ErrorList codes and some slow calls', () => {
    const count = (f: (r: (typeof records)[number]) => boolean) => records.filter(f).length;
    const first = count((r) => r.operation === 'SaņemtPersonasDatus');
    const second = count((r) => r.operation === 'SaņemtPersonasStatusu');
    assert.ok(first > second * 1.5 && second > 0);
    assert.ok(new Set(records.map((r) => r.consumerInstitution)).size >= 4);
    const faults = records.filter((r) => r.result === 'fault');
    assert.ok(faults.length / records.length > 0.01 && faults.length / records.length < 0.04);
    assert.ok(faults.every((f) => typeof f.faultCode === 'string'));
    const slow = count((r) => Date.parse(String(r.responseOutAt)) - Date.parse(r.requestInAt) > 3000);
    assert.ok(slow > 0);
  });
});
