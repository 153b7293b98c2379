import { describe, expect, it } from 'vitest';
import { addFix, emptyTrack, trackGeometry, trackLengthM, type Fix, type TrackParts } from './patrol-track';

// At latitude 40°, 0.0001° of longitude is about 8.53 m and 0.0001° of latitude about 11.1 m.
const fix = (lon: number, lat: number, accuracyM: number, s: number): Fix => ({ lon, lat, accuracyM, at: s * 1000 });

function walk(fixes: Fix[]): TrackParts {
	let track = emptyTrack();
	let last: Fix | undefined;
	for (const f of fixes) {
		const next = addFix(track, f, 30, last);
		if (next.kept > track.kept) last = f;
		track = next;
	}
	return track;
}

describe('patrol track', () => {
	it('keeps precise fixes as one line and drops imprecise ones', () => {
		const track = walk([fix(116.36, 40, 8, 0), fix(116.3601, 40, 80, 5), fix(116.3602, 40, 10, 10), fix(116.3604, 40, 12, 20)]);
		expect(track.dropped).toBe(1);
		expect(trackGeometry(track)).toEqual({ type: 'LineString', coordinates: [[116.36, 40], [116.3602, 40], [116.3604, 40]] });
		// 0.0004° of longitude at 40° N: 111,319.5 m × cos 40° × 0.0004 ≈ 34.1 m.
		expect(trackLengthM(track)).toBeCloseTo(34.1, 0);
	});

	it('ignores standing still', () => {
		const track = walk([fix(116.36, 40, 5, 0), fix(116.36001, 40, 5, 5), fix(116.36, 40.00001, 5, 10)]);
		expect(track.kept).toBe(1);
		expect(trackGeometry(track)).toBeNull();
	});

	it('starts a new part after a jump no one could walk', () => {
		// 0.002° (about 171 m) in 5 s is 34 m/s: a jump.
		const track = walk([fix(116.36, 40, 5, 0), fix(116.3601, 40, 5, 5), fix(116.3621, 40, 5, 10), fix(116.3622, 40, 5, 15)]);
		const g = trackGeometry(track);
		expect(g?.type).toBe('MultiLineString');
		expect(g?.coordinates).toHaveLength(2);
	});

	it('does not call a long walk between sparse fixes a jump', () => {
		// 171 m in 120 s is 1.4 m/s: walking.
		const track = walk([fix(116.36, 40, 5, 0), fix(116.3620, 40, 5, 120)]);
		expect(trackGeometry(track)?.type).toBe('LineString');
	});
});
