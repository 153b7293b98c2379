import { describe, expect, it } from 'vitest';
import { featuresBounds, geometryBounds } from './bounds';

describe('bounds', () => {
	it('gives the south-west and north-east corners of a geometry', () => {
		expect(geometryBounds({ type: 'LineString', coordinates: [[116.2, 40.1], [116.1, 40.3]] })).toEqual([[116.1, 40.1], [116.2, 40.3]]);
	});

	it('gives the box around all the features, and none for no features', () => {
		const features = [{ geometry: { type: 'Point' as const, coordinates: [116.3, 40] } }, { geometry: { type: 'Point' as const, coordinates: [116.1, 40.2] } }];
		expect(featuresBounds(features)).toEqual([[116.1, 40], [116.3, 40.2]]);
		expect(featuresBounds([])).toBeNull();
	});
});
