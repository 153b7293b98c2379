/**
 * Moves a hotspot case through its lifecycle (hotspot-lifecycle.ts): only from the version the
 * person saw, since a move decides on the case as it stands; the fields the move stamps are set
 * by the rules, never sent by the caller.
 */
import { planTransition, statusOf, type TransitionInput } from '../../hotspot-lifecycle';
import type { EditAction } from '../action';
import { refuse, versionRequired } from '../refusal';

export const HOTSPOT_KIND = 'hotspot';

export function actionMoveCase(target: { id: number; version: number | undefined }, move: TransitionInput): EditAction {
	const plan = (properties: Record<string, unknown>, ctx: Parameters<EditAction['apply']>[1]) => planTransition(properties, move, ctx.now, ctx.rules);
	return {
		type: 'hotspot.move',
		reads: [{ id: target.id, kind: HOTSPOT_KIND, currentVersion: target.version }],
		disabled(current, ctx) {
			if (target.version === undefined) return versionRequired('of the case you saw');
			const result = plan(current.get(target.id)!.properties, ctx);
			return result.ok ? null : refuse(result.code === 'transition.not-allowed' ? 'conflict' : 'invalid', result.code, result.message, result.details);
		},
		apply(current, ctx) {
			const result = plan(current.get(target.id)!.properties, ctx);
			if (!result.ok) return [];
			return [{ op: 'update', id: target.id, baseVersion: target.version!, properties: result.patch, merge: 'strict' }];
		},
		// The case's timeline reads each move's from → to, note, reason and photos from here.
		describe(current) {
			const from = statusOf(current.get(target.id)!.properties);
			return {
				comment: `Hotspot ${from} → ${move.to}`,
				meta: { hotspot: { from, to: move.to, note: move.note?.trim() || null, reason: move.reason?.trim() || null, photoIds: [...(move.photoIds ?? [])] } }
			};
		}
	};
}
