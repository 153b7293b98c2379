/**
 * The planners' analysis endpoints against the real server with the demo community: every figure
 * is checked against the pure analysis functions run here on the same data (the stored layers as
 * the API returns them, and the buildings context layer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { bbox } from '@turf/turf';
import { computeCoverage } from '../../src/lib/analysis/coverage';
import { computeSpacingGaps } from '../../src/lib/analysis/gaps';
import { suggestSites } from '../../src/lib/analysis/siting';
import { DEFAULT_RULES } from '../../src/lib/domain/rules';
import { appRoot, startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, point, type ApiClient } from './api-client';

let server: RunningServer;
/** Anonymous reads; writes as a planner. */
let client: ApiClient;
let planner: ApiClient;
let plannerName: string;

const buildings: FeatureCollection = JSON.parse(readFileSync(join(appRoot, 'data/demo/basemap/buildings.geojson'), 'utf8'));

beforeAll(async () => {
	server = await startServer({ seed: true });
	client = apiClient(server.url);
	const user = await server.createUser('planner-li', 'planner');
	plannerName = user.username;
	planner = apiClient(server.url, user.token);
});

afterAll(() => server?.stop());

async function layer(collection: string): Promise<Feature[]> {
	const res = await client.get(`/api/collections/${collection}/items?limit=10000`);
	expect(res.status).toBe(200);
	return res.body.features.map((f: Feature) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties }));
}

/** The bins that count: not removed, planned only when asked. */
async function countedBins(includePlanned = false): Promise<Feature[]> {
	return (await layer('bins')).filter((b) => b.properties!.status !== 'removed' && (includePlanned || b.properties!.status !== 'planned'));
}

/** What a page by view refuses, whichever features it pages. */
const PAGE_REFUSALS: [string, string][] = [
	['bbox=1,2,3', 'query.bbox'],
	['bbox=116.4,40,116.3,39.9', 'query.bbox'],
	['limit=0', 'param.limit'],
	['limit=50001', 'param.limit'],
	['limit=2.5', 'param.limit']
];

describe('GET /api/analysis/coverage', () => {
	it('returns the CLI figures of the stored bins over the buildings, per zone, keyed by zone id', async () => {
		const res = await client.get('/api/analysis/coverage');
		expect(res.status, res.text).toBe(200);
		const zones = await layer('zones');
		const expected = computeCoverage(await countedBins(), buildings, { radiusM: DEFAULT_RULES.binWalkingRadiusM, zones });
		const { radiusM, targets, covered, coveredPct, weightedTargets, weightedCovered } = expected;
		expect(res.body).toMatchObject({ radiusM, targets, covered, coveredPct, weightedTargets, weightedCovered, includePlanned: false });
		expect(res.body.zones).toEqual(expected.zones);
		expect(targets).toBe(buildings.features.length);
		expect(covered).toBeGreaterThan(0);
		expect(covered).toBeLessThan(targets);
		// Uncovered buildings as GeoJSON, each with its index in the buildings layer as id.
		expect(res.body.uncovered.type).toBe('FeatureCollection');
		expect(res.body.uncovered.features.map((f: Feature) => f.id)).toEqual(expected.uncoveredIndices);
		// Per zone, keyed by the zone's feature id.
		expect(Object.keys(res.body.byZone).sort()).toEqual(zones.map((z) => String(z.id)).sort());
		for (const z of expected.zones) expect(res.body.byZone[String(z.id)]).toEqual(z);
	});

	it('counts collection points with their own radius (120 m by default)', async () => {
		const res = await client.get('/api/analysis/coverage');
		const points = await layer('collection-points');
		const expected = computeCoverage(points, buildings, { radiusM: DEFAULT_RULES.collectionPointRadiusM });
		expect(res.body.collectionPoints).toMatchObject({ radiusM: 120, points: points.length, covered: expected.covered, coveredPct: expected.coveredPct });
	});

	it('takes the radius and whether planned bins count from the query', async () => {
		const res = await client.get('/api/analysis/coverage?radius=40&includePlanned=true');
		expect(res.status, res.text).toBe(200);
		const expected = computeCoverage(await countedBins(true), buildings, { radiusM: 40 });
		expect(res.body).toMatchObject({ radiusM: 40, covered: expected.covered, includePlanned: true, bins: (await countedBins(true)).length });
		const without = await client.get('/api/analysis/coverage?radius=40');
		expect(without.body.bins).toBeLessThan(res.body.bins);
	});

	it('answers from what it kept after bins are moved, retired and deleted, as a fresh computation does', async () => {
		const zones = await layer('zones');
		const figures = (r: ReturnType<typeof computeCoverage>) => ({ radiusM: r.radiusM, targets: r.targets, covered: r.covered, coveredPct: r.coveredPct, weightedTargets: r.weightedTargets, weightedCovered: r.weightedCovered, zones: r.zones });
		const expectFresh = async () => {
			const res = await client.get('/api/analysis/coverage?uncovered=false');
			expect(res.status, res.text).toBe(200);
			const expected = computeCoverage(await countedBins(), buildings, { radiusM: DEFAULT_RULES.binWalkingRadiusM, zones });
			expect(res.body).toMatchObject({ ...figures(expected), bins: (await countedBins()).length });
			// The figures alone: the uncovered buildings are not sent.
			expect(res.body.uncovered).toBeUndefined();
			const full = await client.get('/api/analysis/coverage');
			expect(full.body.uncovered.features.map((f: Feature) => f.id)).toEqual(expected.uncoveredIndices);
			return res.body;
		};
		const before = await expectFresh();
		const [first, second, third] = (await countedBins()).slice(0, 3);
		const moved = (first.geometry as { coordinates: number[] }).coordinates;
		const res = await planner.post('/api/edits', {
			comment: 'coverage kept between requests',
			edits: [
				{ type: 'patch', collection: 'bins', id: first.id, version: (await client.get(`/api/collections/bins/items/${first.id}`)).body.version, feature: { geometry: point(moved[0] + 0.003, moved[1] + 0.002) } },
				{ type: 'patch', collection: 'bins', id: second.id, version: (await client.get(`/api/collections/bins/items/${second.id}`)).body.version, feature: { properties: { status: 'removed' } } },
				{ type: 'delete', collection: 'bins', id: third.id, version: (await client.get(`/api/collections/bins/items/${third.id}`)).body.version }
			]
		});
		expect(res.status, res.text).toBe(201);
		const after = await expectFresh();
		expect(after.bins).toBe(before.bins - 2);
		// Undone: the figures are those of the start again.
		expect((await planner.post(`/api/changesets/${res.body.changeset.id}/revert`, '')).status).toBe(201);
		expect(await expectFresh()).toEqual(before);
	});

	it('pages the uncovered buildings by the map view: those whose box meets it, at most limit, with how many there are', async () => {
		const expected = computeCoverage(await countedBins(), buildings, { radiusM: DEFAULT_RULES.binWalkingRadiusM });
		const all = await client.get('/api/analysis/coverage/uncovered');
		expect(all.status, all.text).toBe(200);
		expect(all.body).toMatchObject({ type: 'FeatureCollection', numberMatched: expected.uncoveredIndices.length, numberReturned: expected.uncoveredIndices.length });
		expect(all.body.features.map((f: Feature) => f.id)).toEqual(expected.uncoveredIndices);
		expect(all.body.features).toEqual((await client.get('/api/analysis/coverage')).body.uncovered.features);

		// A view over part of the community: exactly the uncovered buildings whose box meets it.
		const [minX, minY, maxX, maxY] = bbox(buildings);
		const view: [number, number, number, number] = [minX, minY, (minX + maxX) / 2, (minY + maxY) / 2];
		const meets = (f: Feature) => {
			const [a, b, c, d] = bbox(f);
			return a <= view[2] && c >= view[0] && b <= view[3] && d >= view[1];
		};
		const inView = expected.uncoveredIndices.filter((i) => meets(buildings.features[i]));
		expect(inView.length).toBeGreaterThan(0);
		expect(inView.length).toBeLessThan(expected.uncoveredIndices.length);
		const page = await client.get(`/api/analysis/coverage/uncovered?bbox=${view.join(',')}`);
		expect(page.body.features.map((f: Feature) => f.id)).toEqual(inView);
		expect(page.body.numberMatched).toBe(inView.length);

		// A page shorter than what matched says how many there are.
		const first = await client.get(`/api/analysis/coverage/uncovered?bbox=${view.join(',')}&limit=2`);
		expect(first.body).toMatchObject({ numberMatched: inView.length, numberReturned: 2 });
		expect(first.body.features.map((f: Feature) => f.id)).toEqual(inView.slice(0, 2));

		// The same radius and planned bins as the figures.
		const wider = computeCoverage(await countedBins(true), buildings, { radiusM: 40 });
		const asked = await client.get('/api/analysis/coverage/uncovered?radius=40&includePlanned=true');
		expect(asked.body.features.map((f: Feature) => f.id)).toEqual(wider.uncoveredIndices);
	});

	it.each([
		...PAGE_REFUSALS,
		['radius=5000', 'param.radius'],
		['uncovered=true', 'param.unknown']
	])('refuses the uncovered page for %s with 400 %s', async (query, code) => {
		expectApiError(await client.get(`/api/analysis/coverage/uncovered?${query}`), 400, code);
	});

	it.each([
		['uncovered=maybe', 'param.uncovered'],
		['radius=-5', 'param.radius'],
		['radius=abc', 'param.radius'],
		['radius=5000', 'param.radius'],
		['includePlanned=maybe', 'param.includePlanned'],
		['raduis=70', 'param.unknown']
	])('refuses %s with 400 %s', async (query, code) => {
		expectApiError(await client.get(`/api/analysis/coverage?${query}`), 400, code);
	});
});

describe('GET /api/analysis/gaps', () => {
	it('returns the CLI figures and the gap stretches as GeoJSON', async () => {
		const res = await client.get('/api/analysis/gaps');
		expect(res.status, res.text).toBe(200);
		const expected = computeSpacingGaps(await countedBins(), await layer('road-segments'), { zones: await layer('zones') });
		const { roadLengthM, gapLengthM, gaps, byClass, zones, snappedBins, unsnappedBins } = expected;
		expect(res.body).toMatchObject({ roadLengthM, gapLengthM, gaps, byClass, zones, snappedBins, unsnappedBins });
		expect(gaps).toBeGreaterThan(0);
		expect(res.body.gapLines.features).toHaveLength(gaps);
		expect(res.body.gapLines.features.map((f: Feature) => f.properties)).toEqual(expected.gapLines.features.map((f) => f.properties));
	});

	it('takes snapping and per-class spacing overrides from the query', async () => {
		const res = await client.get('/api/analysis/gaps?snap=10&spacing.alley=100&spacing.branch=150');
		expect(res.status, res.text).toBe(200);
		const expected = computeSpacingGaps(await countedBins(), await layer('road-segments'), { snapM: 10, binSpacingM: { alley: 100, branch: 150 } });
		expect(res.body.gapLengthM).toBe(expected.gapLengthM);
		expect(res.body.byClass.alley.spacingM).toBe(100);
		const defaults = await client.get('/api/analysis/gaps');
		expect(res.body.gapLengthM).toBeGreaterThan(defaults.body.gapLengthM);
	});

	it('answers the figures alone with lines=false, and the stretches a view at a time, with how many there are', async () => {
		const full = await client.get('/api/analysis/gaps');
		const figures = await client.get('/api/analysis/gaps?lines=false');
		expect(figures.status, figures.text).toBe(200);
		expect(figures.body.gapLines).toBeUndefined();
		const { gapLines, ...rest } = full.body;
		expect(figures.body).toEqual(rest);
		const lines: Feature[] = gapLines.features;
		expect(lines.map((f) => f.id)).toEqual(lines.map((_, k) => k + 1));

		const all = await client.get('/api/analysis/gaps/lines');
		expect(all.status, all.text).toBe(200);
		expect(all.body).toMatchObject({ type: 'FeatureCollection', numberMatched: lines.length, numberReturned: lines.length });
		expect(all.body.features).toEqual(lines);

		// A view over part of the community: exactly the stretches whose box meets it, in stretch order.
		const [minX, minY, maxX, maxY] = bbox(gapLines);
		const view: [number, number, number, number] = [minX, minY, (minX + maxX) / 2, (minY + maxY) / 2];
		const meets = (f: Feature) => {
			const [a, b, c, d] = bbox(f);
			return a <= view[2] && c >= view[0] && b <= view[3] && d >= view[1];
		};
		const inView = lines.filter(meets);
		expect(inView.length).toBeGreaterThan(2);
		expect(inView.length).toBeLessThan(lines.length);
		const page = await client.get(`/api/analysis/gaps/lines?bbox=${view.join(',')}`);
		expect(page.body.features).toEqual(inView);
		expect(page.body).toMatchObject({ numberMatched: inView.length, numberReturned: inView.length });

		const first = await client.get(`/api/analysis/gaps/lines?bbox=${view.join(',')}&limit=2`);
		expect(first.body).toMatchObject({ numberMatched: inView.length, numberReturned: 2 });
		expect(first.body.features).toEqual(inView.slice(0, 2));

		// The same snap, spacing and planned bins as the figures.
		const asked = computeSpacingGaps(await countedBins(true), await layer('road-segments'), { snapM: 10, binSpacingM: { alley: 100 } });
		const other = await client.get('/api/analysis/gaps/lines?snap=10&spacing.alley=100&includePlanned=true');
		expect(other.body.features.map((f: Feature) => f.properties)).toEqual(asked.gapLines.features.map((f) => f.properties));
		expect(other.body.numberMatched).toBe(asked.gaps);
	});

	it('computes again after an edit, and answers as before once it is undone', async () => {
		const roads = await layer('road-segments');
		const zones = await layer('zones');
		const expectFresh = async () => {
			const res = await client.get('/api/analysis/gaps');
			expect(res.status, res.text).toBe(200);
			const expected = computeSpacingGaps(await countedBins(), roads, { zones });
			expect(res.body).toMatchObject({ gapLengthM: expected.gapLengthM, gaps: expected.gaps, zones: expected.zones, bins: (await countedBins()).length });
			expect((await client.get('/api/analysis/gaps/lines')).body.features.map((f: Feature) => f.geometry)).toEqual(expected.gapLines.features.map((f) => f.geometry));
			return res.body;
		};
		const before = await expectFresh();
		// A new bin in the middle of the longest stretch shortens the gaps.
		const longest = before.gapLines.features.reduce((a: Feature, b: Feature) => ((b.properties!.lengthM as number) > (a.properties!.lengthM as number) ? b : a));
		const coords = (longest.geometry as { coordinates: number[][] }).coordinates;
		const middle = coords[Math.floor(coords.length / 2)];
		const res = await planner.post('/api/edits', { comment: 'a bin in a gap', edits: [{ type: 'create', collection: 'bins', feature: { type: 'Feature', geometry: point(middle[0], middle[1]), properties: { status: 'installed' } } }] });
		expect(res.status, res.text).toBe(201);
		const after = await expectFresh();
		expect(after.gapLengthM).toBeLessThan(before.gapLengthM);
		expect((await planner.post(`/api/changesets/${res.body.changeset.id}/revert`, '')).status).toBe(201);
		expect(await expectFresh()).toEqual(before);
	});

	it('keeps the road network until a road changes: a deleted road leaves the gaps at once, and an edit of another layer changes nothing', async () => {
		const before = (await client.get('/api/analysis/gaps?lines=false')).body;
		const shop = (await layer('shops'))[0];
		const shopEtag = (await client.get(`/api/collections/shops/items/${shop.id}`)).headers.get('etag')!;
		const shopEdit = await planner.post('/api/edits', { edits: [{ type: 'patch', collection: 'shops', id: shop.id, version: Number(JSON.parse(shopEtag)), feature: { properties: { name: 'renamed for the gaps' } } }] });
		expect(shopEdit.status, shopEdit.text).toBe(201);
		expect((await client.get('/api/analysis/gaps?lines=false')).body).toEqual(before);

		const roads = await layer('road-segments');
		const gone = roads.reduce((a, b) => (JSON.stringify(b.geometry).length > JSON.stringify(a.geometry).length ? b : a));
		const etag = (await client.get(`/api/collections/road-segments/items/${gone.id}`)).headers.get('etag')!;
		const res = await planner.post('/api/edits', { comment: 'a road closed', edits: [{ type: 'delete', collection: 'road-segments', id: gone.id, version: Number(JSON.parse(etag)) }] });
		expect(res.status, res.text).toBe(201);
		const expected = computeSpacingGaps(await countedBins(), await layer('road-segments'), { zones: await layer('zones') });
		const after = (await client.get('/api/analysis/gaps?lines=false')).body;
		expect(after).toMatchObject({ roadLengthM: expected.roadLengthM, gapLengthM: expected.gapLengthM, gaps: expected.gaps, zones: expected.zones });
		expect(after.roadLengthM).toBeLessThan(before.roadLengthM);
		expect((await planner.post(`/api/changesets/${res.body.changeset.id}/revert`, '')).status).toBe(201);
		expect((await client.get('/api/analysis/gaps?lines=false')).body).toEqual(before);
	});

	it.each([
		['snap=-1', 'param.snap'],
		['spacing.lane=100', 'param.spacing'],
		['spacing.alley=0', 'param.spacing.alley'],
		['lines=maybe', 'param.lines'],
		['bins=1', 'param.unknown']
	])('refuses %s with 400 %s', async (query, code) => {
		expectApiError(await client.get(`/api/analysis/gaps?${query}`), 400, code);
	});

	it.each([
		...PAGE_REFUSALS,
		['snap=201', 'param.snap'],
		['lines=false', 'param.unknown']
	])('refuses the stretches page for %s with 400 %s', async (query, code) => {
		expectApiError(await client.get(`/api/analysis/gaps/lines?${query}`), 400, code);
	});
});

describe('POST /api/analysis/sites', () => {
	it('suggests N numbered sites with their gain, as the siting function does', async () => {
		const res = await client.post('/api/analysis/sites', { count: 5 });
		expect(res.status, res.text).toBe(200);
		const expected = await suggestSites(await countedBins(), buildings, await layer('road-segments'), { count: 5, radiusM: 70 });
		const { coveredBefore, coveredAfter, gain, candidates, targetGroups } = expected;
		expect(res.body).toMatchObject({ count: 5, radiusM: 70, method: 'greedy', optimalityGapPct: null, coveredBefore, coveredAfter, gain, candidates, targetGroups });
		expect(res.body.sites).toHaveLength(5);
		res.body.sites.forEach((f: Feature, k: number) => {
			expect(f.geometry).toEqual({ type: 'Point', coordinates: [expected.sites[k].lon, expected.sites[k].lat] });
			expect(f.properties).toEqual({ rank: k + 1, gain: expected.sites[k].gain });
		});
		// Greedy: each pick adds no more than the one before.
		const gains = res.body.sites.map((f: Feature) => f.properties!.gain);
		expect([...gains].sort((a, b) => b - a)).toEqual(gains);
	});

	it('solves exactly on request and says how close to optimal it is', async () => {
		const res = await planner.post('/api/analysis/sites', { count: 3, radius: 60, exact: true, timeLimit: 10 });
		expect(res.status, res.text).toBe(200);
		const greedy = await client.post('/api/analysis/sites', { count: 3, radius: 60 });
		expect(res.body.method).toBe('exact');
		expect(typeof res.body.optimalityGapPct).toBe('number');
		expect(res.body.gain).toBeGreaterThanOrEqual(greedy.body.gain);
	});

	it('refuses a job key that is not one, and a cancel by someone who may not solve exactly', async () => {
		expectApiError(await planner.send('DELETE', '/api/analysis/jobs/short'), 400, 'analysis.job.bad-key');
		const bad = await planner.send('POST', '/api/analysis/sites', { body: JSON.stringify({ count: 1 }), headers: { 'content-type': 'application/json', 'x-sanimap-job': 'no spaces allowed here!' } });
		expectApiError(bad, 400, 'analysis.job.bad-key');
		expectApiError(await client.send('DELETE', '/api/analysis/jobs/no-such-job-key-0000'), 401, 'auth.required');
	});

	it('runs the exact solver only for a signed-in planner or administrator: anonymous 401, a field user 403', async () => {
		const body = { count: 100, spacing: 2, radius: 1000, exact: true, timeLimit: 30 };
		const started = Date.now();
		const anonymous = await client.post('/api/analysis/sites', body);
		expectApiError(anonymous, 401, 'auth.required');
		const field = apiClient(server.url, (await server.createUser('field-zhao', 'field')).token);
		const refused = await field.post('/api/analysis/sites', body);
		expectApiError(refused, 403, 'auth.forbidden');
		expect(refused.body.details).toEqual({ action: 'analysis:exact', role: 'field' });
		expect(refused.body.message).toMatch(/exact site solver/);
		// Refused before solving: far quicker than the 30 s the solver could have taken.
		expect(Date.now() - started).toBeLessThan(10_000);
		// The greedy suggestion stays open to everyone.
		expect((await client.post('/api/analysis/sites', { count: 3 })).status).toBe(200);
	});

	it.each([
		[{}, 'param.count'],
		[{ count: 0 }, 'param.count'],
		[{ count: 2.5 }, 'param.count'],
		[{ count: 1000 }, 'param.count'],
		[{ count: 3, radius: -1 }, 'param.radius'],
		[{ count: 3, spacing: 0.1 }, 'param.spacing'],
		[{ count: 3, timeLimit: 600 }, 'param.timeLimit'],
		[{ count: 3, exact: 'yes' }, 'param.exact'],
		[{ count: 3, sites: 3 }, 'body.unknown-member'],
		[[5], 'body.not-object']
	])('refuses %j with 400 %s', async (body, code) => {
		expectApiError(await client.post('/api/analysis/sites', body), 400, code);
	});

	it('refuses malformed JSON with 400', async () => {
		expectApiError(await client.post('/api/analysis/sites', '{"count": '), 400, 'json.malformed');
	});
});

describe('POST /api/analysis/sites/accept', () => {
	it('creates the chosen sites as planned bins in one changeset, undone as one', async () => {
		const suggested = await client.post('/api/analysis/sites', { count: 5 });
		const chosen = suggested.body.sites.slice(0, 3).map((f: Feature & { geometry: { coordinates: number[] } }) => ({
			lon: f.geometry.coordinates[0],
			lat: f.geometry.coordinates[1],
			gain: f.properties!.gain
		}));
		const before = (await layer('bins')).length;
		const res = await planner.post('/api/analysis/sites/accept', { sites: chosen });
		expect(res.status, res.text).toBe(201);
		expect(res.body.features).toHaveLength(3);
		for (const [k, f] of res.body.features.entries()) {
			expect(f).toMatchObject({ collection: 'bins', version: 1, properties: { status: 'planned', binType: 'litter' } });
			expect(f.geometry).toEqual(point(chosen[k].lon, chosen[k].lat));
		}
		expect(res.body.changeset).toMatchObject({ id: res.body.changesetId, source: 'web', author: plannerName });
		expect(res.body.changeset.features).toEqual(res.body.features.map((f: { id: number }) => ({ featureId: f.id, kind: 'bin', version: 1, action: 'create' })));
		expect((await layer('bins')).length).toBe(before + 3);

		// Counted once planned bins are included: the coverage gain is what the sites promised.
		const coverage = await client.get('/api/analysis/coverage?includePlanned=true');
		const expected = computeCoverage(await countedBins(true), buildings, { radiusM: 70 });
		expect(coverage.body.covered).toBe(expected.covered);

		const undo = await planner.post(`/api/changesets/${res.body.changesetId}/revert`, {});
		expect(undo.status, undo.text).toBe(201);
		expect(undo.body.features.every((f: { deleted: boolean }) => f.deleted)).toBe(true);
		expect((await layer('bins')).length).toBe(before);
	});

	it.each([
		[{ sites: [] }, 'sites.count'],
		[{ sites: 'here' }, 'sites.count'],
		[{ sites: [{ lon: 116.3 }] }, 'sites.position'],
		[{ sites: [{ lon: 200, lat: 40 }] }, 'sites.position'],
		[{ sites: [{ lon: 116.3, lat: 40 }], status: 'installed' }, 'body.unknown-member']
	])('refuses %j with 400 %s and stores nothing', async (body, code) => {
		const before = await client.snapshot();
		expectApiError(await planner.post('/api/analysis/sites/accept', body), 400, code);
		expect(await client.snapshot()).toEqual(before);
	});

	it('needs a signed-in user who may add bins', async () => {
		const site = { sites: [{ lon: 116.35, lat: 40.0 }] };
		expectApiError(await client.post('/api/analysis/sites/accept', site), 401, 'auth.required');
		const viewer = apiClient(server.url, (await server.createUser('viewer-zhao', 'viewer')).token);
		expectApiError(await viewer.post('/api/analysis/sites/accept', site), 403, 'auth.forbidden');
	});
});

describe('GET and PUT /api/rules', () => {
	it('lists the defaults, their sources and ranges', async () => {
		const res = await client.get('/api/rules');
		expect(res.status).toBe(200);
		expect(res.body.rules).toEqual(DEFAULT_RULES);
		expect(res.body.defaults).toEqual(DEFAULT_RULES);
		expect(res.body.overrides).toEqual({});
		expect(res.body.sources.binSpacingM.zh).toMatch(/CJJ 27/);
		expect(res.body.ranges.binWalkingRadiusM).toMatchObject({ min: 10, max: 500 });
	});

	it('stores a project’s values over the defaults, and the analyses use them', async () => {
		const res = await planner.send('PUT', '/api/rules', {
			body: JSON.stringify({ binWalkingRadiusM: 50, binSpacingM: { alley: 300 } }),
			headers: { 'content-type': 'application/json' }
		});
		expect(res.status, res.text).toBe(200);
		expect(res.body.rules).toMatchObject({ binWalkingRadiusM: 50, binSpacingM: { ...DEFAULT_RULES.binSpacingM, alley: 300 }, collectionPointRadiusM: 120 });
		expect((await client.get('/api/rules')).body.overrides).toEqual({ binWalkingRadiusM: 50, binSpacingM: { alley: 300 } });
		expect((await client.get('/api/analysis/coverage')).body.radiusM).toBe(50);
		expect((await client.get('/api/analysis/gaps')).body.byClass.alley.spacingM).toBe(300);
		// A query value still wins over the stored rule.
		expect((await client.get('/api/analysis/coverage?radius=70')).body.radiusM).toBe(70);

		// An empty document returns every rule to its default.
		const reset = await planner.send('PUT', '/api/rules', { body: '{}', headers: { 'content-type': 'application/json' } });
		expect(reset.status).toBe(200);
		expect(reset.body.rules).toEqual(DEFAULT_RULES);
	});

	it.each([
		[{ binWalkingRadiusM: -5 }, 'rules.out-of-range'],
		[{ binWalkingRadiusM: '70' }, 'rules.not-number'],
		[{ hardeningTargetPct: 0.9e3 }, 'rules.out-of-range'],
		[{ hotspotDeadlineDays: 2.5 }, 'rules.not-integer'],
		[{ binSpacingM: { lane: 100 } }, 'rules.unknown-road-class'],
		[{ binSpacingM: 100 }, 'rules.not-object'],
		[{ walkingRadius: 70 }, 'rules.unknown'],
		[[70], 'rules.not-object']
	])('refuses %j with 400 and stores nothing', async (body, issueCode) => {
		const res = await planner.send('PUT', '/api/rules', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
		expectApiError(res, 400, 'rules.invalid');
		expect(res.body.details.issues.map((i: { code: string }) => i.code)).toContain(issueCode);
		expect((await client.get('/api/rules')).body.rules).toEqual(DEFAULT_RULES);
	});

	it('may be changed by planners and administrators only', async () => {
		const put = (c: ApiClient) => c.send('PUT', '/api/rules', { body: '{"binWalkingRadiusM": 60}', headers: { 'content-type': 'application/json' } });
		expectApiError(await put(client), 401, 'auth.required');
		const field = apiClient(server.url, (await server.createUser('field-wang', 'field')).token);
		expectApiError(await put(field), 403, 'auth.forbidden');
		expect((await client.get('/api/rules')).body.rules).toEqual(DEFAULT_RULES);
		const admin = apiClient(server.url, await server.login());
		const res = await put(admin);
		expect(res.status, res.text).toBe(200);
		expect(res.body).toMatchObject({ overrides: { binWalkingRadiusM: 60 }, updatedBy: 'admin' });
		expect((await planner.send('PUT', '/api/rules', { body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
	});
});

describe('cancelling an exact solve (one analysis worker)', () => {
	let solo: RunningServer;
	let soloPlanner: ApiClient;
	/** An exact solve of the demo that takes over a second even on a quiet machine. */
	const HEAVY = JSON.stringify({ count: 30, spacing: 2, radius: 25, exact: true, timeLimit: 30 });
	const solve = (key?: string) =>
		soloPlanner.send('POST', '/api/analysis/sites', { body: HEAVY, headers: { 'content-type': 'application/json', ...(key ? { 'x-sanimap-job': key } : {}) } });
	const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

	beforeAll(async () => {
		solo = await startServer({ seed: true, env: { SANIMAP_ANALYSIS_WORKERS: '1' } });
		soloPlanner = apiClient(solo.url, (await solo.createUser('planner-wu', 'planner')).token);
	});
	afterAll(() => solo?.stop());

	it('stops a solve waiting behind another: it never starts, and the first one is answered as usual', async () => {
		const first = solve();
		await pause(100);
		const key = `waiting-${Date.now()}-0123456789`;
		const second = solve(key);
		await pause(200);
		expect((await soloPlanner.send('DELETE', `/api/analysis/jobs/${key}`)).status).toBe(204);
		expectApiError(await second, 409, 'analysis.cancelled');
		expect((await first).status).toBe(200);
	});

	it('stops a running solve by ending its worker; the next solve gets a new one', async () => {
		const key = `running-${Date.now()}-0123456789`;
		const started = Date.now();
		const running = solve(key);
		await pause(300);
		expect((await soloPlanner.send('DELETE', `/api/analysis/jobs/${key}`)).status).toBe(204);
		expectApiError(await running, 409, 'analysis.cancelled');
		expect(Date.now() - started).toBeLessThan(30_000);
		// Nothing runs under the key any more; the next solve is answered.
		expectApiError(await soloPlanner.send('DELETE', `/api/analysis/jobs/${key}`), 404, 'analysis.job.not-found');
		expect((await solve()).status).toBe(200);
	});

	it('refuses a key already in use', async () => {
		const key = `twice-${Date.now()}-0123456789`;
		const first = solve(key);
		await pause(100);
		expectApiError(await solve(key), 409, 'analysis.key-in-use');
		await first;
	});
});
