import { describe, expect, it } from 'vitest';
import { actionJoinCase, actionMarkSpam, actionResidentAnswer, reportSourceOf } from './public-report';
import type { EditContext } from '../action';
import type { FeatureState } from '../feature-state';

const ctx: EditContext = { now: new Date('2026-11-20T02:00:00Z'), rules: { hotspotDeadlineDays: 7 } };
const hotspot = (properties: Record<string, unknown>, extra: Partial<FeatureState> = {}): ReadonlyMap<number, FeatureState> =>
	new Map([[5, { id: 5, kind: 'hotspot', version: 3, geometry: { type: 'Point', coordinates: [116.35, 40] }, properties, ...extra }]]);

describe('reports from the public', () => {
	it('reads a case without a source as a staff report', () => {
		expect([reportSourceOf({}), reportSourceOf({ reportSource: 'public' }), reportSourceOf({ reportSource: 'open311' }), reportSourceOf({ reportSource: 'x' })]).toEqual(['staff', 'public', 'open311', 'staff']);
	});

	it('counts one more reporter on an open case, merging with other edits since', () => {
		const current = hotspot({ status: 'assigned', reportSource: 'public', reporterCount: 2 });
		const join = actionJoinCase(5);
		expect(join.disabled(current, ctx)).toBeNull();
		expect(join.apply(current, ctx)).toEqual([{ op: 'update', id: 5, baseVersion: 3, properties: { reporterCount: 3 }, merge: 'fields' }]);
		// A staff case without a count had one reporter.
		expect(join.apply(hotspot({ status: 'reported' }), ctx)[0]).toMatchObject({ properties: { reporterCount: 2 } });
	});

	it('refuses to join a closed or deleted case', () => {
		for (const status of ['resolved', 'verified', 'rejected']) expect(actionJoinCase(5).disabled(hotspot({ status }), ctx)?.code).toBe('report.case-closed');
		expect(actionJoinCase(5).disabled(hotspot({ status: 'reported' }, { deleted: true }), ctx)?.reason).toBe('not-found');
	});

	it('records a resident answer only on a verified case, stamped with the time of the write; "fixed" keeps it verified', () => {
		expect(actionResidentAnswer(5, 'fixed').disabled(hotspot({ status: 'resolved' }), ctx)?.code).toBe('report.not-verified');
		const current = hotspot({ status: 'verified' });
		expect(actionResidentAnswer(5, 'fixed').disabled(current, ctx)).toBeNull();
		expect(actionResidentAnswer(5, 'fixed').apply(current, ctx)).toEqual([
			{ op: 'update', id: 5, baseVersion: 3, properties: { residentAnswer: 'fixed', residentAnsweredAt: '2026-11-20T02:00:00.000Z' }, merge: 'fields' }
		]);
	});

	it('reopens a verified case on "not fixed": assigned again to the same person with a new deadline, in the same change', () => {
		const current = hotspot({ status: 'verified', responsible: '王芳', verifiedAt: '2026-11-19T02:00:00Z', resolvedAt: '2026-11-18T02:00:00Z', resolutionNote: 'swept', resolutionPhotos: ['p1'] });
		const answer = actionResidentAnswer(5, 'not-fixed');
		expect(answer.disabled(current, ctx)).toBeNull();
		const [change] = answer.apply(current, ctx);
		expect(change).toEqual({
			op: 'update',
			id: 5,
			baseVersion: 3,
			merge: 'fields',
			properties: {
				status: 'assigned',
				assignedAt: '2026-11-20T02:00:00.000Z',
				dueAt: '2026-11-27T02:00:00.000Z',
				resolvedAt: null,
				resolutionNote: null,
				resolutionPhotos: null,
				verifiedAt: null,
				residentReopenedAt: '2026-11-20T02:00:00.000Z',
				residentAnswer: 'not-fixed',
				residentAnsweredAt: '2026-11-20T02:00:00.000Z'
			}
		});
		expect('responsible' in (change as { properties: Record<string, unknown> }).properties).toBe(false);
		expect(answer.describe!(current).meta).toMatchObject({ hotspot: { from: 'verified', to: 'assigned', reopened: true, residentAnswer: 'not-fixed' } });
	});

	it('takes one answer per case', () => {
		for (const given of ['fixed', 'not-fixed']) {
			for (const status of ['verified', 'assigned']) {
				const refusal = actionResidentAnswer(5, 'not-fixed').disabled(hotspot({ status, residentAnswer: given }), ctx);
				expect(refusal).toMatchObject({ reason: 'conflict', code: 'report.already-answered' });
				expect(refusal?.message).toMatch(/already been answered/);
			}
		}
	});

	it('marks only a public report as spam, at the version the manager saw, as a delete with spam in its meta', () => {
		expect(actionMarkSpam(5, undefined).disabled(hotspot({ reportSource: 'public' }), ctx)?.reason).toBe('version-required');
		expect(actionMarkSpam(5, 3).disabled(hotspot({}), ctx)?.code).toBe('report.not-public');
		const current = hotspot({ reportSource: 'open311', status: 'reported' });
		const spam = actionMarkSpam(5, 3);
		expect(spam.disabled(current, ctx)).toBeNull();
		expect(spam.apply(current, ctx)).toEqual([{ op: 'delete', id: 5, baseVersion: 3 }]);
		expect(spam.describe!(current).meta).toEqual({ hotspot: { from: 'reported', spam: true } });
	});
});
