/**
 * Edits of a case that residents start: adding oneself to an open case someone already reported
 * (the case counts its reporters), answering "is it fixed?" once it is verified (回访), and a
 * manager marking a public report as spam, which deletes it (so no public answer, map, tile or
 * figure shows it) with `spam` in the changeset's meta; undoing the changeset brings it back.
 */
import { statusOf } from '../../hotspot-lifecycle';
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

const gone = (id: number) => refuse(404, 'feature.not-found', `There is no hotspot ${id}.`);

/** One more resident reports the same open case. */
export function actionJoinCase(id: number): EditAction {
	return {
		type: 'hotspot.join',
		reads: [{ id, kind: HOTSPOT_KIND }],
		disabled(current) {
			const f = current.get(id);
			if (!f || f.deleted || f.kind !== HOTSPOT_KIND) return gone(id);
			if (!['reported', 'assigned'].includes(statusOf(f.properties))) return refuse(409, 'report.case-closed', 'This case is already closed; report the problem as a new case.');
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

/** A reporter's answer to "is it fixed?" on a verified case. */
export function actionResidentAnswer(id: number, answer: ResidentAnswer): EditAction {
	return {
		type: 'hotspot.resident-answer',
		reads: [{ id, kind: HOTSPOT_KIND }],
		disabled(current) {
			const f = current.get(id);
			if (!f || f.deleted || f.kind !== HOTSPOT_KIND) return gone(id);
			if (statusOf(f.properties) !== 'verified') return refuse(409, 'report.not-verified', 'The case can be answered once it has been verified.');
			return null;
		},
		apply(current, ctx) {
			const f = current.get(id)!;
			return [{ op: 'update', id, baseVersion: f.version, properties: { residentAnswer: answer, residentAnsweredAt: ctx.now.toISOString() }, merge: 'fields' }];
		},
		describe: () => ({ comment: answer === 'fixed' ? 'A resident says it is fixed' : 'A resident says it is not fixed', meta: { hotspot: { residentAnswer: answer } } })
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
			if (!isPublicReport(f.properties)) return refuse(409, 'report.not-public', 'Only a report from the public can be marked as spam; reject a staff report instead.');
			return null;
		},
		apply: () => [{ op: 'delete', id, baseVersion: version! }],
		describe: (current) => ({ comment: 'Marked as spam', meta: { hotspot: { from: statusOf(current.get(id)!.properties), spam: true } } })
	};
}
