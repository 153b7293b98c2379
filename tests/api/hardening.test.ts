/**
 * GET /api/analysis/hardening over stored roads and zones: the per-zone rate checked against a
 * hand computation, unknown surfaces reported apart, and the rate moving by exactly the stretch a
 * split marked hardened (and back when the split is undone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, line, type ApiClient } from './api-client';

let server: RunningServer;
let client: ApiClient;
let planner: ApiClient;

beforeAll(async () => {
	server = await startServer();
	// Zones are drawn by planners; field staff mark the roads.
	planner = apiClient(server.url, (await server.createUser('planner1', 'planner')).token);
	client = apiClient(server.url, (await server.createUser('field1', 'field')).token);
});

afterAll(() => server?.stop());

// Metres per degree of longitude at 40.0005° N (WGS84 ellipsoid, as cheap-ruler measures):
// π/180 · a · cos φ / √(1 − e² sin² φ) with a = 6378137 m, e² = 0.00669438.
const lat = 40.0005;
const phi = (lat * Math.PI) / 180;
const mPerDegLon = ((Math.PI / 180) * 6378137 * Math.cos(phi)) / Math.sqrt(1 - 0.00669438 * Math.sin(phi) ** 2);

describe('GET /api/analysis/hardening', () => {
	it('gives each zone its rate, area and target, and follows a split that marks a stretch hardened', async () => {
		const zone = await planner.create('zones', { type: 'Polygon', coordinates: [[[116.35, 40], [116.352, 40], [116.352, 40.001], [116.35, 40.001], [116.35, 40]]] }, { name: 'Test zone' });
		// An alley of earth running from 0.001° west of the zone to its middle: 0.001° of it inside.
		const alley = await client.create('road-segments', line([116.349, lat], [116.351, lat]), { roadClass: 'alley', surface: 'earth', hardened: false });
		// An asphalt main road wholly inside, 0.001° long, 10 m wide.
		await client.create('road-segments', line([116.3505, 40.0002], [116.3515, 40.0002]), { roadClass: 'main', surface: 'asphalt', hardened: true, widthM: 10 });
		// A branch road of unknown surface: reported apart, not in the rate.
		await client.create('road-segments', line([116.3505, 40.0008], [116.3515, 40.0008]), { roadClass: 'branch', surface: 'unknown' });

		const before = (await client.get('/api/analysis/hardening')).body;
		expect(before.targetPct).toBe(90);
		expect(before.alleyTargetPct).toBe(100);
		const z0 = before.zones[String(zone.id)];
		const inside = 0.001 * mPerDegLon;
		expect(z0.name).toBe('Test zone');
		expect(z0.hardenedLengthM).toBeCloseTo(inside, 0);
		expect(z0.unhardenedLengthM).toBeCloseTo(inside, 0);
		expect(z0.unknownLengthM).toBeCloseTo(inside, 0);
		expect(z0.ratePct).toBeCloseTo(50, 1);
		expect(z0.hardenedAreaM2).toBeCloseTo(inside * 10, -1);
		expect(z0.meetsTarget).toBe(false);

		// Split the alley at the zone's middle-west quarter and mark the eastern part (inside the zone) hardened.
		const split = await client.post(`/api/collections/road-segments/items/${alley.id}/split`, {
			at: [116.3505, lat],
			version: 1,
			parts: [null, { hardened: true, surface: 'paving', widthM: 3 }]
		});
		expect(split.status, split.text).toBe(201);
		const after = (await client.get('/api/analysis/hardening')).body.zones[String(zone.id)];
		const marked = 0.0005 * mPerDegLon;
		expect(after.hardenedLengthM - z0.hardenedLengthM).toBeCloseTo(marked, 1);
		expect(z0.unhardenedLengthM - after.unhardenedLengthM).toBeCloseTo(marked, 1);
		expect(after.ratePct).toBeCloseTo((100 * (inside + marked)) / (2 * inside), 1);
		expect(after.hardenedAreaM2 - z0.hardenedAreaM2).toBeCloseTo(marked * 3, 0);
		expect(after.byClass.find((c: { roadClass: string }) => c.roadClass === 'alley')).toMatchObject({ meetsTarget: false, targetPct: 100 });
		expect(after.alleysBelowTarget).toBe(true);

		await client.post(`/api/changesets/${split.body.changesetId}/revert`, {});
		const undone = (await client.get('/api/analysis/hardening')).body.zones[String(zone.id)];
		expect(undone.ratePct).toBeCloseTo(z0.ratePct, 6);
	});
});

describe('targets', () => {
	it('follows the project rules: a lower target turns a zone to met', async () => {
		const zone = await planner.create('zones', { type: 'Polygon', coordinates: [[[116.36, 40], [116.362, 40], [116.362, 40.001], [116.36, 40.001], [116.36, 40]]] }, { name: 'Rule zone' });
		await client.create('road-segments', line([116.3605, 40.0003], [116.3615, 40.0003]), { roadClass: 'branch', surface: 'concrete', hardened: true });
		await client.create('road-segments', line([116.3605, 40.0006], [116.3606, 40.0006]), { roadClass: 'branch', surface: 'earth', hardened: false });
		const before = (await client.get('/api/analysis/hardening')).body;
		expect(before.zones[String(zone.id)].ratePct).toBeCloseTo(100 * (10 / 11), 1);
		expect(before.zones[String(zone.id)].meetsTarget).toBe(true);
		const put = await planner.send('PUT', '/api/rules', { body: JSON.stringify({ hardeningTargetPct: 95 }), headers: { 'content-type': 'application/json' } });
		expect(put.status, put.text).toBe(200);
		const after = (await client.get('/api/analysis/hardening')).body;
		expect(after.targetPct).toBe(95);
		expect(after.zones[String(zone.id)].meetsTarget).toBe(false);
	});
});
