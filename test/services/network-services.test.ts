/**
 * Network content includes other organisations' services: a network editor
 * proposes a correction to any organisation's entry, it is applied only when
 * a second editor approves it, the proposer cannot approve their own, and
 * with fewer than two editors the action is unavailable and the page says
 * why. An organisation admin who is not an editor cannot correct another
 * organisation's entry. Core rules on SQLite and PostgreSQL; pages on
 * SURFACE_DIALECT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameEditor } from '../../src/core/rights/editors.service.js';
import { decideServiceChange, proposeServiceChange } from '../../src/core/services/service-changes.service.js';
import { findService, organisationServices, toFields } from '../../src/core/services/services.repository.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS, SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, surfaces, textOf, type Surfaces } from '../staff/support.js';

const actor = (t: TestContext, slug: string) => {
  const k = t.demoKeys.find((d) => d.organisation === slug && d.role === 'admin')!;
  return { id: k.userId, organisationId: k.organisationId, username: k.username };
};

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`corrections to other organisations' services on ${name}`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await testContext(name);
    });
    afterAll(async () => {
      await t?.close();
    });

    it("an editor's correction to another organisation's service is applied only when a second editor approves it, never by its proposer", async () => {
      const db = t.ctx.core.db;
      const ro = actor(t, 'umbrela-rosie');
      const gb = actor(t, 'soho-peers');
      const de = actor(
        t,
        Array.from(new Set(t.demoKeys.map((k) => k.organisation))).find((o) => o !== 'umbrela-rosie' && o !== 'soho-peers')!,
      );
      const target = (await organisationServices(db, gb.organisationId)).find((s) => s.status === 'active')!;
      expect(target).toBeDefined();
      const corrected = { ...toFields(target), opening_hours: 'Mon-Fri 10:00-16:00, corrected by another organisation' };

      // Not an editor: refused, nothing stored.
      expect(await proposeServiceChange(t.ctx.core, ro, target.id, corrected, new Set())).toEqual({ kind: 'not-editor' });
      // One editor alone: unavailable, no one-person bypass.
      expect(await nameEditor(t.ctx.core, ro.username)).toBe('named');
      expect(await proposeServiceChange(t.ctx.core, ro, target.id, corrected, new Set())).toEqual({ kind: 'too-few', count: 1 });
      expect(await db.selectFrom('service_changes').select('id').execute()).toEqual([]);

      expect(await nameEditor(t.ctx.core, gb.username)).toBe('named');
      const proposal = await proposeServiceChange(t.ctx.core, ro, target.id, corrected, new Set());
      expect(proposal.kind).toBe('proposed');
      const id = (proposal as { id: string }).id;
      expect((await findService(db, target.id))!.openingHours).toBe(target.openingHours);

      // The proposer cannot approve it; an admin who is not an editor cannot either.
      expect(await decideServiceChange(t.ctx.core, ro, id, true)).toBe('own');
      if (de) expect(await decideServiceChange(t.ctx.core, de, id, true)).toBe('not-editor');
      expect((await findService(db, target.id))!.openingHours).toBe(target.openingHours);

      expect(await decideServiceChange(t.ctx.core, gb, id, true)).toBe('approved');
      const after = (await findService(db, target.id))!;
      expect(after.openingHours).toBe(corrected.opening_hours);
      expect(after.organisationId).toBe(gb.organisationId);
      expect(await decideServiceChange(t.ctx.core, gb, id, false)).toBe('not-found');

      // A refused correction leaves the entry as it was; one proposed on an older entry is not applied over a newer one.
      const refused = (await proposeServiceChange(t.ctx.core, gb, target.id, { ...toFields(after), opening_hours: 'Refused hours' }, new Set())) as { id: string };
      expect(await decideServiceChange(t.ctx.core, ro, refused.id, false)).toBe('refused');
      const first = (await proposeServiceChange(t.ctx.core, ro, target.id, { ...toFields(after), opening_hours: 'First' }, new Set())) as { id: string };
      const second = (await proposeServiceChange(t.ctx.core, gb, target.id, { ...toFields(after), opening_hours: 'Second' }, new Set())) as { id: string };
      expect(await decideServiceChange(t.ctx.core, ro, second.id, true)).toBe('approved');
      expect(await decideServiceChange(t.ctx.core, gb, first.id, true)).toBe('stale');
      expect((await findService(db, target.id))!.openingHours).toBe('Second');
    });
  });
}

describe("other organisations' services on the staff pages", () => {
  let s: Surfaces;
  let ro: StaffClient;
  beforeAll(async () => {
    s = await surfaces(SURFACE_DIALECT);
    ro = new StaffClient(s.staff, s.clock);
    await loginAs(s, ro, s.coordinator);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('with fewer than two editors the correction is unavailable and the page says why; with two, it is shown only after the second approves', async () => {
    const db = s.t.ctx.core.db;
    const gbKey = s.t.demoKeys.find((k) => k.organisation === 'soho-peers' && k.role === 'admin')!;
    const target = (await organisationServices(db, gbKey.organisationId)).find((x) => x.status === 'active')!;
    const hours = 'Tuesdays 12:00-18:00, checked by a second organisation';

    const notEditor = await ro.get(`/admin/services/network/${target.id}`);
    expect(notEditor.statusCode).toBe(403);
    expect(textOf(notEditor.body)).toContain('Only network editors correct other organisations’ services');
    const refused = await ro.post('/admin/services/network', `/admin/services/network/${target.id}`, { ...toFields(target), opening_hours: hours });
    expect(refused.statusCode).toBe(403);

    expect(await nameEditor(s.t.ctx.core, s.coordinator.username)).toBe('named');
    const one = await ro.get('/admin/services/network');
    expect(textOf(one.body)).toContain('Correcting other organisations’ services is unavailable: each correction needs a second editor to approve it, and the network has only one editor.');
    expect(textOf((await ro.get('/admin/services/network?lang=fr')).body)).toContain('le réseau a un seul éditeur');
    await ro.get('/admin/services/network?lang=en');

    expect(await nameEditor(s.t.ctx.core, gbKey.username)).toBe('named');
    const bad = await ro.post(`/admin/services/network/${target.id}`, `/admin/services/network/${target.id}`, { ...toFields(target), opening_hours: hours, last_verified: '2999-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(hours);
    const proposed = await ro.post(`/admin/services/network/${target.id}`, `/admin/services/network/${target.id}`, { ...toFields(target), opening_hours: hours });
    expect(proposed.statusCode).toBe(303);
    const list = await ro.follow(proposed);
    expect(textOf(list.body)).toContain('Your change is saved as a proposal');
    expect(textOf(list.body)).toContain('You proposed this change: another editor must decide it.');
    expect((await findService(db, target.id))!.openingHours).not.toBe(hours);
    expect((await s.reporter.inject({ url: `/services/${target.id}?lang=en` })).body).not.toContain(hours);

    const id =
      /\/admin\/services\/network\/changes\/([0-9a-f]+)\/approve/.exec((await new StaffClient(s.staff, s.clock).get('/admin/services/network')).body)?.[1] ??
      (await db.selectFrom('service_changes').select('id').where('status', '=', 'pending').executeTakeFirstOrThrow()).id;
    const own = await ro.post('/admin/services/network', `/admin/services/network/changes/${id}/approve`, {});
    expect(textOf((await ro.follow(own)).body)).toContain('You proposed this change');
    expect((await findService(db, target.id))!.openingHours).not.toBe(hours);

    const gb = new StaffClient(s.staff, s.clock);
    await loginAs(s, gb, gbKey);
    const approved = await gb.post('/admin/services/network', `/admin/services/network/changes/${id}/approve`, {});
    expect(textOf((await gb.follow(approved)).body)).toContain('The correction is approved and shown.');
    expect((await findService(db, target.id))!.openingHours).toBe(hours);
  });
});
