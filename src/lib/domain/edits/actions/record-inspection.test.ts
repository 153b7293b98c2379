import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../rules';
import type { FeatureState } from '../feature-state';
import { applyChange } from '../change';
import { actionsRecordInspection } from './record-inspection';

/** Applies the actions in order as the write engine does: each sees what the ones before created. */
function run(actions: ReturnType<typeof actionsRecordInspection>) {
	const current = new Map<number, FeatureState>([[5, { id: 5, kind: 'zone', version: 1, geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} }]]);
	let next = 100;
	const ctx = { now: new Date('2026-11-18T02:00:00Z'), rules: DEFAULT_RULES };
	for (const a of actions) {
		expect(a.disabled(current, ctx)).toBeNull();
		for (const change of a.apply(current, ctx)) {
			const state = applyChange(undefined, change, next++);
			current.set(state.id, state);
		}
	}
	return [...current.values()].filter((f) => f.id >= 100);
}

describe('record-inspection', () => {
	const base = {
		ref: 'r-1',
		geometry: { type: 'Point' as const, coordinates: [0, 0] },
		properties: { inspectedAt: '2026-11-17T09:00:00+08:00', scorePct: 91 },
		target: { id: 5, kind: 'zone' }
	};
	const finding = (itemKey: string) => ({ itemKey, geometry: { type: 'Point' as const, coordinates: [0.1, 0.1] }, properties: { category: 'exposed-rubbish' } });

	it('creates the inspection, then one case per finding that names it, assigned with the deadline from the inspection', () => {
		const written = run(actionsRecordInspection({ ...base, zone: { id: 5, responsible: 'Zhang San' }, findings: [finding('a'), finding('b')] }));
		expect(written.map((f) => f.kind)).toEqual(['inspection', 'hotspot', 'hotspot']);
		expect(written[0].properties).toMatchObject({ ref: 'r-1', scorePct: 91 });
		expect(written[1].properties).toMatchObject({
			inspectionId: 100,
			inspectionItem: 'a',
			status: 'assigned',
			responsible: 'Zhang San',
			zoneId: '5',
			reportedAt: '2026-11-17T09:00:00+08:00',
			assignedAt: '2026-11-17T09:00:00+08:00',
			// 7 days after 01:00Z on 17 November.
			dueAt: '2026-11-24T01:00:00.000Z'
		});
		expect(written[2].properties.inspectionItem).toBe('b');
	});

	it('leaves a case reported when the zone has nobody responsible, and is one action without findings', () => {
		const written = run(actionsRecordInspection({ ...base, zone: { id: 5 }, findings: [finding('a')] }));
		expect(written[1].properties).toMatchObject({ status: 'reported', zoneId: '5' });
		expect(written[1].properties.responsible).toBeUndefined();
		expect(actionsRecordInspection({ ...base, zone: null, findings: [] })).toHaveLength(1);
	});

	it('reads its target, so a target deleted meanwhile refuses the whole edit', () => {
		expect(actionsRecordInspection({ ...base, zone: null, findings: [] })[0].reads).toEqual([{ id: 5, kind: 'zone' }]);
	});
});
