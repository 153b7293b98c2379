import { describe, expect, it } from 'vitest';
import type { InspectionTemplate } from '../../domain/api-types';
import { draftProblems, inspectionEdit, scorePreview, type InspectionDraftData } from './inspection-draft';
import { emptyTrack } from './patrol-track';

const template: InspectionTemplate = {
	id: 7,
	version: 3,
	name: { zh: '片区检查', en: 'Zone check' },
	target: 'zones',
	cadence: 'weekly',
	items: [
		{ key: 'daily-clearance', label: { zh: '垃圾日产日清', en: 'Rubbish cleared daily' }, maxPoints: 10, photoRequired: true },
		{ key: 'bins', label: { zh: '垃圾桶完好', en: 'Bins intact' }, maxPoints: 5, photoRequired: false },
		{ key: 'boards', label: { zh: '宣传栏按期更新', en: 'Boards renewed' }, maxPoints: 5, photoRequired: false }
	]
};

const draft = (over: Partial<InspectionDraftData> = {}): InspectionDraftData => ({
	template,
	target: { collection: 'zones', id: 4, name: 'West lanes' },
	startedAt: Date.parse('2026-10-31T17:30:00Z'),
	scores: {},
	findings: [],
	note: '',
	track: emptyTrack(),
	...over
});

describe('an inspection on the phone', () => {
	it('scores over the items scored only: 100 × (6 + 5) ÷ (10 + 5)', () => {
		expect(scorePreview(template.items, { 'daily-clearance': 6, bins: 5, boards: null })).toEqual({ points: 11, maxPoints: 15, scorePct: 73.33, scored: 2 });
		expect(scorePreview(template.items, {}).scorePct).toBeNull();
	});

	it('names the failed item that still needs a photo, and a round with nothing scored', () => {
		expect(draftProblems(draft())).toEqual([{ code: 'inspection.nothing-scored' }]);
		const scores = { 'daily-clearance': 6, bins: 3 };
		expect(draftProblems(draft({ scores }))).toEqual([{ code: 'inspection.photo.required', itemKey: 'daily-clearance' }]);
		const photo = new Blob(['x'], { type: 'image/jpeg' });
		expect(draftProblems(draft({ scores, findings: [{ key: 'a', itemKey: 'daily-clearance', at: [116.36, 40], note: '', photo }] }))).toEqual([]);
	});

	it('becomes one record-inspection edit: scored items only, findings with their photos, the track, the start in the project zone', () => {
		const photo = new Blob(['x'], { type: 'image/jpeg' });
		const edit = inspectionEdit(
			draft({
				scores: { 'daily-clearance': 6, bins: 5, boards: null },
				note: '  windy  ',
				findings: [
					{ key: 'a', itemKey: 'daily-clearance', at: [116.36, 40], note: ' heap by the well ', photo },
					{ key: 'b', itemKey: 'bins', at: [116.361, 40.001], note: '', photo: null }
				],
				track: { parts: [[[116.36, 40], [116.3605, 40]]], kept: 2, dropped: 0 }
			}),
			Date.parse('2026-10-31T18:00:00Z'),
			'Asia/Shanghai',
			(i) => (i === 0 ? 'photo:abc' : null)
		);
		expect(edit).toEqual({
			type: 'record-inspection',
			templateId: 7,
			target: { collection: 'zones', id: 4 },
			// 17:30 UTC on 31 October is 01:30 on 1 November in Shanghai.
			inspectedAt: '2026-11-01T01:30:00+08:00',
			scores: { 'daily-clearance': 6, bins: 5 },
			note: 'windy',
			findings: [
				{ itemKey: 'daily-clearance', geometry: { type: 'Point', coordinates: [116.36, 40] }, note: 'heap by the well', photos: ['photo:abc'] },
				{ itemKey: 'bins', geometry: { type: 'Point', coordinates: [116.361, 40.001] } }
			],
			track: { type: 'LineString', coordinates: [[116.36, 40], [116.3605, 40]] }
		});
	});
});
