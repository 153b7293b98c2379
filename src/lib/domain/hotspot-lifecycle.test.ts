import { describe, expect, it } from 'vitest';
import { HOTSPOT_STATUSES } from './kinds';
import { allowedTransitions, daysOverdue, HOTSPOT_TRANSITIONS, isOverdue, planTransition, type TransitionInput } from './hotspot-lifecycle';

const NOW = new Date('2026-11-28T08:00:00Z');
const RULES = { hotspotDeadlineDays: 7 };
/** What each move needs, so every allowed move is tried with valid input. */
const FULL: Omit<TransitionInput, 'to'> = { note: 'Cleared and swept', reason: 'Duplicate of an earlier report', photoIds: ['p1'] };

const frozen = <T extends object>(o: T): T => Object.freeze(o);

describe('hotspot lifecycle', () => {
	// Staff moves: a resident's own move is tried below.
	const allowed = new Set(HOTSPOT_TRANSITIONS.filter((t) => !t.byResident).map((t) => `${t.from}→${t.to}`));
	const pairs = HOTSPOT_STATUSES.flatMap((from) => HOTSPOT_STATUSES.map((to) => [from, to] as const));

	it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
		const props = frozen({ status: from, reportedAt: '2026-11-20T08:00:00Z' });
		const result = planTransition(props, { to, ...FULL }, NOW, RULES);
		expect(result.ok).toBe(allowed.has(`${from}→${to}`));
		if (!result.ok) {
			expect(result.code).toBe('transition.not-allowed');
			expect(result.message).toContain(`A ${from} case cannot be moved to ${to}`);
			expect(result.details?.allowed).toEqual(allowedTransitions(from).map((t) => t.to));
		}
	});

	it('the allowed moves are the documented lifecycle', () => {
		expect([...allowed].sort()).toEqual(
			['reported→assigned', 'reported→rejected', 'assigned→resolved', 'assigned→rejected', 'resolved→verified', 'resolved→assigned'].sort()
		);
	});

	it('verified and rejected are final for staff, and say so', () => {
		const result = planTransition({ status: 'verified' }, { to: 'reported' }, NOW, RULES);
		expect(result).toMatchObject({ ok: false, code: 'transition.not-allowed' });
		expect(!result.ok && result.message).toMatch(/closed/);
		const reopen = planTransition({ status: 'verified' }, { to: 'assigned' }, NOW, RULES);
		expect(reopen).toMatchObject({ ok: false, code: 'transition.not-allowed', details: { allowed: [] } });
		expect(!reopen.ok && reopen.message).toMatch(/Only a resident who reported it reopens it/);
	});

	it('a resident reopens a verified case, and makes no other move', () => {
		expect(HOTSPOT_TRANSITIONS.filter((t) => t.byResident).map((t) => `${t.from}→${t.to}`)).toEqual(['verified→assigned']);
		const verified = frozen({
			status: 'verified',
			responsible: '王芳',
			assignedAt: '2026-11-20T08:00:00Z',
			resolvedAt: '2026-11-25T08:00:00Z',
			verifiedAt: '2026-11-26T08:00:00Z',
			resolutionNote: 'swept',
			resolutionPhotos: ['p1']
		});
		const ok = planTransition(verified, { to: 'assigned', by: 'resident' }, NOW, RULES);
		expect(ok.ok && ok.patch).toEqual({
			status: 'assigned',
			assignedAt: NOW.toISOString(),
			dueAt: '2026-12-05T08:00:00.000Z',
			resolvedAt: null,
			resolutionNote: null,
			resolutionPhotos: null,
			verifiedAt: null,
			residentReopenedAt: NOW.toISOString()
		});
		expect(allowedTransitions('verified', 'resident').map((t) => t.to)).toEqual(['assigned']);
		expect(allowedTransitions('verified')).toEqual([]);
		for (const from of HOTSPOT_STATUSES.filter((s) => s !== 'verified')) expect(allowedTransitions(from, 'resident'), from).toEqual([]);
		expect(planTransition({ status: 'resolved' }, { to: 'verified', by: 'resident' }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.not-allowed' });
	});

	it('assignment stamps assignedAt and restarts the deadline from it', () => {
		const result = planTransition(frozen({ status: 'reported', dueAt: '2026-11-27T08:00:00Z' }), { to: 'assigned' }, NOW, RULES);
		expect(result).toEqual({
			ok: true,
			rule: { from: 'reported', to: 'assigned' },
			patch: { status: 'assigned', assignedAt: '2026-11-28T08:00:00.000Z', dueAt: '2026-12-05T08:00:00.000Z' }
		});
	});

	it('the deadline follows the configured rule', () => {
		const result = planTransition({ status: 'reported' }, { to: 'assigned' }, NOW, { hotspotDeadlineDays: 3 });
		expect(result.ok && result.patch.dueAt).toBe('2026-12-01T08:00:00.000Z');
	});

	it('resolving needs a note and a photo, and records both', () => {
		const base = frozen({ status: 'assigned' });
		expect(planTransition(base, { to: 'resolved', photoIds: ['p1'] }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.note-required' });
		expect(planTransition(base, { to: 'resolved', note: '  ', photoIds: ['p1'] }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.note-required' });
		expect(planTransition(base, { to: 'resolved', note: 'done' }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.photo-required' });
		expect(planTransition(base, { to: 'resolved', note: 'done', photoIds: ['a', 'b', 'c', 'd'] }, NOW, RULES)).toMatchObject({
			ok: false,
			code: 'transition.too-many-photos'
		});
		const ok = planTransition(base, { to: 'resolved', note: ' done ', photoIds: ['p1', 'p2'] }, NOW, RULES);
		expect(ok.ok && ok.patch).toEqual({ status: 'resolved', resolvedAt: NOW.toISOString(), resolutionNote: 'done', resolutionPhotos: ['p1', 'p2'] });
	});

	it('rejecting needs a reason', () => {
		expect(planTransition({ status: 'reported' }, { to: 'rejected' }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.reason-required' });
		const ok = planTransition({ status: 'assigned' }, { to: 'rejected', reason: 'Not a public space' }, NOW, RULES);
		expect(ok.ok && ok.patch).toEqual({ status: 'rejected', rejectedAt: NOW.toISOString(), rejectionReason: 'Not a public space' });
	});

	it('sending a resolution back needs a note and clears the old resolution', () => {
		const resolved = frozen({ status: 'resolved', resolvedAt: '2026-11-27T08:00:00Z', resolutionNote: 'swept', resolutionPhotos: ['p1'] });
		expect(planTransition(resolved, { to: 'assigned' }, NOW, RULES)).toMatchObject({ ok: false, code: 'transition.note-required' });
		const ok = planTransition(resolved, { to: 'assigned', note: 'Rubbish is back' }, NOW, RULES);
		expect(ok.ok && ok.patch).toMatchObject({ status: 'assigned', resolvedAt: null, resolutionNote: null, resolutionPhotos: null });
	});

	it('an unknown target status is a coded refusal listing the allowed ones', () => {
		const result = planTransition({ status: 'assigned' }, { to: 'done' }, NOW, RULES);
		expect(result).toMatchObject({ ok: false, code: 'transition.unknown-status', details: { allowed: ['resolved', 'rejected'] } });
	});

	it('a case without a status is treated as reported', () => {
		expect(planTransition({}, { to: 'assigned' }, NOW, RULES).ok).toBe(true);
	});
});

describe('overdue with a fixed clock', () => {
	const now = Date.parse('2026-11-28T08:00:00Z');
	it.each([
		[{ status: 'assigned', dueAt: '2026-11-28T07:59:59Z' }, true, 0],
		[{ status: 'reported', dueAt: '2026-11-20T08:00:00Z' }, true, 8],
		[{ status: 'assigned', dueAt: '2026-11-28T08:00:00Z' }, false, 0],
		[{ status: 'assigned' }, false, 0],
		[{ status: 'resolved', dueAt: '2026-11-01T00:00:00Z' }, false, 0],
		[{ status: 'verified', dueAt: '2026-11-01T00:00:00Z' }, false, 0],
		[{ status: 'rejected', dueAt: '2026-11-01T00:00:00Z' }, false, 0]
	])('%o overdue: %s, days: %i', (props, overdue, days) => {
		expect(isOverdue(props, now)).toBe(overdue);
		expect(daysOverdue(props, now)).toBe(days);
	});
});
