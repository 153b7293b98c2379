import { describe, expect, it } from 'vitest';
import { kindDef } from '../../domain/kinds';
import { targetTitle } from './target-title';

const roadDef = kindDef('roadSegment')!;
const caseDef = kindDef('hotspot')!;
const en = (t: { zh: string; en: string }) => t.en;
const zh = (t: { zh: string; en: string }) => t.zh;
const road = (id: number, lat: number, properties: Record<string, unknown>) =>
	Object.freeze({ id, geometry: { type: 'LineString' as const, coordinates: [[116.35, lat], [116.351, lat]] }, properties });

describe('targetTitle', () => {
	it('gives a name as it is', () => {
		expect(targetTitle(road(1, 40, { name: ' Birch lane ', roadClass: 'alley' }), roadDef, [], en)).toEqual({ text: 'Birch lane' });
	});

	it('names an unnamed road by its class and the nearest named road, itself and unnamed ones left out', () => {
		const alley = road(2, 40, { roadClass: 'alley' });
		const birch = road(3, 40.001, { name: 'Birch lane' }); // about 111 m north
		const far = road(4, 40.01, { name: 'Far road' });
		const unnamed = road(5, 40.0001, {});
		expect(targetTitle(alley, roadDef, [alley, birch, far, unnamed], en)).toEqual({ key: 'field.titles.near', values: { what: 'Alley', id: 2, place: 'Birch lane' } });
		expect(targetTitle(alley, roadDef, [alley, birch], zh)).toMatchObject({ values: { what: '巷道' } });
	});

	it('gives the class and number when no named road is within a block', () => {
		const alley = road(2, 40, { roadClass: 'alley' });
		expect(targetTitle(alley, roadDef, [road(4, 40.01, { name: 'Far road' })], en)).toEqual({ key: 'field.titles.numbered', values: { what: 'Alley', id: 2 } });
	});

	it('names a case by its category, never by the layer', () => {
		const c = Object.freeze({ id: 177, geometry: { type: 'Point' as const, coordinates: [116.35, 40] }, properties: { category: 'dumped-debris' } });
		expect(targetTitle(c, caseDef, [road(3, 40.0001, { name: 'Birch lane' })], en)).toEqual({ key: 'field.titles.numbered', values: { what: 'Dumped debris', id: 177 } });
		expect(targetTitle({ ...c, properties: {} }, caseDef, [], zh)).toEqual({ key: 'field.titles.numbered', values: { what: '卫生死角', id: 177 } });
	});
});
