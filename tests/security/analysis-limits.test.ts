/**
 * Every input that scales an analysis's work has a maximum, and a request past it is answered at
 * once with a 400 that names the parameter and the limit, before any work starts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient, type ApiClient, type ApiResponse } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let planner: ApiClient;
let anonymous: ApiClient;

beforeAll(async () => {
	server = await startServer();
	planner = apiClient(server.url, (await server.createUser('plan', 'planner')).token);
	anonymous = apiClient(server.url);
});
afterAll(() => server?.stop());

const ZONES = '/api/analysis/zones?kind=hotspots';
/** [what, request, code, a text the message must contain (the limit)] */
const CASES: [string, (c: { anonymous: ApiClient; planner: ApiClient }) => Promise<ApiResponse>, string, string][] = [
	['weekly trend over eight thousand years', (c) => c.anonymous.get(`${ZONES}&from=1000-01-01&to=9999-12-31&trend=week`), 'query.trend-period', '731 days'],
	['weekly trend over 732 days', (c) => c.anonymous.get(`${ZONES}&from=2024-01-01&to=2026-01-02&trend=week`), 'query.trend-period', '731 days'],
	['weekly trend without a period', (c) => c.anonymous.get(`${ZONES}&trend=week`), 'query.trend-period', 'from and to'],
	['a trend by day', (c) => c.anonymous.get(`${ZONES}&from=2026-01-01&to=2026-02-01&trend=day`), 'query.trend', 'week'],
	['walking radius 1001 m', (c) => c.anonymous.get('/api/analysis/coverage?radius=1001'), 'param.radius', '1000'],
	['snap 201 m', (c) => c.anonymous.get('/api/analysis/gaps?snap=201'), 'param.snap', '200'],
	['spacing rule 5 m', (c) => c.anonymous.get('/api/analysis/gaps?spacing.alley=5'), 'param.spacing.alley', '10'],
	['101 sites', (c) => c.anonymous.post('/api/analysis/sites', { count: 101 }), 'param.count', '100'],
	['candidates every metre', (c) => c.anonymous.post('/api/analysis/sites', { count: 5, spacing: 1 }), 'param.spacing', '2'],
	['exact solver for 31 s', (c) => c.planner.post('/api/analysis/sites', { count: 5, exact: true, timeLimit: 31 }), 'param.timeLimit', '30'],
	['201 sites accepted at once', (c) => c.planner.post('/api/analysis/sites/accept', { sites: Array.from({ length: 201 }, () => ({ lon: 116.3, lat: 40 })) }), 'sites.count', '200'],
	['report summary over 732 days', (c) => c.anonymous.get('/api/reports/summary?from=2024-01-01&to=2026-01-02'), 'report.period-too-long', '731'],
	['report CSV over 732 days', (c) => c.anonymous.get('/api/reports/csv?table=items&from=2024-01-01&to=2026-01-02'), 'report.period-too-long', '731'],
	['report PDF over 732 days', (c) => c.anonymous.get('/api/reports/pdf?from=2024-01-01&to=2026-01-02'), 'report.period-too-long', '731'],
	['items limit 0', (c) => c.anonymous.get('/api/collections/bins/items?limit=0'), 'query.limit', '10000']
];

it.each(CASES)('%s: 400 at once, naming the limit', async (_what, send, code, limit) => {
	const t0 = performance.now();
	const res = await send({ anonymous, planner });
	expect(performance.now() - t0).toBeLessThan(2_000);
	expect(res.status, res.text).toBe(400);
	expect(res.body.code).toBe(code);
	expect(res.body.message).toContain(limit);
});

it('says on the report page why a period too long is not reported, without computing it', async () => {
	const res = await fetch(`${server.url}/report?from=2024-01-01&to=2026-01-02`);
	expect(res.status).toBe(200);
	expect(await res.text()).toContain('at most 731 days');
});
