/**
 * The project's time zone and the pinned clock as the server reads them at its start: a value it
 * cannot use stops the start with a message naming the setting; a good one is used for every
 * period and named in the answers.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server';
import { apiClient } from './api-client';

async function refusedStart(env: Record<string, string>): Promise<string> {
	try {
		const server = await startServer({ env, startTimeoutMs: 20_000 });
		await server.stop();
	} catch (e) {
		return (e as Error).message;
	}
	throw new Error(`The server started with ${JSON.stringify(env)}.`);
}

describe('time settings', () => {
	it('stops the start on a time zone it does not know, naming the setting', async () => {
		expect(await refusedStart({ SANIMAP_TIME_ZONE: 'Mars/Olympus' })).toMatch(/SANIMAP_TIME_ZONE is "Mars\/Olympus": it must be an IANA time zone name such as Asia\/Shanghai/);
	});

	it('stops the start on a now that is not an instant with an offset, naming the setting', async () => {
		expect(await refusedStart({ SANIMAP_NOW: '2026-11-28' })).toMatch(/SANIMAP_NOW is "2026-11-28": it must be an ISO 8601 instant with an offset/);
	});

	it('cuts periods in the zone it is given and runs its clock on from SANIMAP_NOW', async () => {
		const server = await startServer({ env: { SANIMAP_TIME_ZONE: 'Europe/Berlin', SANIMAP_NOW: '2026-12-31T23:00:00+01:00' } });
		try {
			const api = apiClient(server.url, await server.login());
			const created = await api.post('/api/hotspots', { type: 'Feature', geometry: { type: 'Point', coordinates: [116.35, 40] }, properties: { category: 'exposed-rubbish' } });
			expect(created.status, created.text).toBe(201);
			const reportedAt = Date.parse(created.body.properties.reportedAt);
			// Stamped by the pinned clock, which has been running since the start (well within the hour left of the year).
			expect(reportedAt).toBeGreaterThanOrEqual(Date.parse('2026-12-31T22:00:00Z'));
			expect(reportedAt).toBeLessThan(Date.parse('2026-12-31T23:00:00Z'));
			const december = (await api.get('/api/analysis/zones?from=2026-12-01&to=2027-01-01&trend=week')).body;
			expect(december.timeZone).toBe('Europe/Berlin');
			expect(december.outside).toBe(1);
			expect(december.weeks[0].start).toBe('2026-11-30T00:00:00+01:00');
			const summary = (await api.get('/api/reports/summary?from=2026-12-01&to=2027-01-01')).body;
			expect(summary).toMatchObject({ timeZone: 'Europe/Berlin', period: { from: '2026-12-01T00:00:00+01:00', to: '2027-01-01T00:00:00+01:00' } });
		} finally {
			await server.stop();
		}
	});
});
