/**
 * Edits of a case that residents start: adding oneself to an open case someone already reported
 * (the case counts its reporters), answering "is it fixed?" once it is verified (回访; "not fixed"
 * reopens the case), and a manager marking a public report as spam, which deletes it (so no
 * public answer, map, tile or figure shows it) with `spam` in the changeset's meta; undoing the changeset brings it back.
 */
import { planTransition, statusOf } from '../../hotspot-lifecycle';
import type { EditAction } from '../action';
import { refuse, versionRequired } from '../refusal';
import { HOTSPOT_KIND } from './move-case';

export type ReportSource = 'staff' | 'public' | 'open311';
export type ResidentAnswer = 'fixed' | 'not-fixed';

/** Where a case came from; a case without the field was reported by staff. */
export function reportSourceOf(properties: Record<string, unknown>): ReportSource {
	return properties.reportSource === 'public' || properties.reportSource === 'open311' ? properties.reportSource : 'staff';
}

export const isPublicReport = (properties: Record<string, unknown>): boolean => reportSourceOf(properties) !== 'staff';

const gone = (id: number) => refuse('not-found', 'feature.not-found', `There is no hotspot ${id}.`);

/** One more resident reports the same open case. */
export function actionJoinCase(id: number): EditAction {
	return {
		type: 'hotspot.join',
		reads: [{ id, kind: HOTSPOT_KIND }],
		disabled(current) {
			const f = current.get(id);
			if (!f || f.deleted || f.kind !== HOTSPOT_KIND) return gone(id);
			if (!['reported', 'assigned'].includes(statusOf(f.properties))) return refuse('conflict', 'report.case-closed', 'This case is already closed; report the problem as a new case.');
			return null;
		},
		apply(current) {
			const f = current.get(id)!;
			const count = typeof f.properties.reporterCount === 'number' ? f.properties.reporterCount : 1;
			return [{ op: 'update', id, baseVersion: f.version, properties: { reporterCount: count + 1 }, merge: 'fields' }];
		},
		describe: () => ({ comment: 'Another resident reported this case', meta: { hotspot: { joined: true } } })
	};
}

/**
 * A reporter's answer to "is it fixed?" on a verified case, once per case: "fixed" is recorded and
 * the case stays verified; "not fixed" also reopens it (verified → assigned, the resident's own
 * lifecycle move: same responsible person, a new deadline), in the same change, so the answer and
 * the reopening are one step of the timeline and undo together.
 */
export function actionResidentAnswer(id: number, answer: ResidentAnswer): EditAction {
	const reopen = (properties: Record<string, unknown>, ctx: Parameters<EditAction['apply']>[1]) => planTransition(properties, { to: 'assigned', by: 'resident' }, ctx.now, ctx.rules);
	return {
		type: 'hotspot.resident-answer',
		reads: [{ id, kind: HOTSPOT_KIND }],
		disabled(current, ctx) {
			const f = current.get(id);
			if (!f || f.deleted || f.kind !== HOTSPOT_KIND) return gone(id);
			if (typeof f.properties.residentAnswer === 'string') {
				return refuse('conflict', 'report.already-answered', 'This case has already been answered; a case takes one answer to "is it fixed?".', { answer: f.properties.residentAnswer });
			}
			if (statusOf(f.properties) !== 'verified') return refuse('conflict', 'report.not-verified', 'The case can be answered once it has been verified.');
			if (answer === 'not-fixed') {
				const plan = reopen(f.properties, ctx);
				if (!plan.ok) return refuse('conflict', plan.code, plan.message, plan.details);
			}
			return null;
		},
		apply(current, ctx) {
			const f = current.get(id)!;
			const stamp = { residentAnswer: answer, residentAnsweredAt: ctx.now.toISOString() };
			if (answer === 'fixed') return [{ op: 'update', id, baseVersion: f.version, properties: stamp, merge: 'fields' }];
			const plan = reopen(f.properties, ctx);
			if (!plan.ok) return [];
			return [{ op: 'update', id, baseVersion: f.version, properties: { ...plan.patch, ...stamp }, merge: 'fields' }];
		},
		// The timeline and Open311's status notes read the reopening from `reopened` (hotspots.ts).
		describe: (current) =>
			answer === 'fixed'
				? { comment: 'A resident says it is fixed', meta: { hotspot: { residentAnswer: answer } } }
				: {
						comment: 'Reopened by a resident: not fixed',
						meta: { hotspot: { from: statusOf(current.get(id)!.properties), to: 'assigned', residentAnswer: answer, reopened: true, note: null, reason: null, photoIds: [] } }
					}
	};
}

/** A manager marks a public report as spam: the case is deleted, at the version the manager saw. */
export function actionMarkSpam(id: number, version: number | undefined): EditAction {
	return {
		type: 'hotspot.spam',
		reads: [{ id, kind: HOTSPOT_KIND, currentVersion: version }],
		disabled(current) {
			if (version === undefined) return versionRequired('of the case you saw');
			const f = current.get(id);
			if (!f || f.deleted || f.kind !== HOTSPOT_KIND) return gone(id);
			if (!isPublicReport(f.properties)) return refuse('conflict', 'report.not-public', 'Only a report from the public can be marked as spam; reject a staff report instead.');
			return null;
		},
		apply: () => [{ op: 'delete', id, baseVersion: version! }],
		describe: (current) => ({ comment: 'Marked as spam', meta: { hotspot: { from: statusOf(current.get(id)!.properties), spam: true } } })
	};
}
