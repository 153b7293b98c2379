/**
 * Anonymous PDF requests cannot tie up the machine: every PDF is printed by one shared Chromium,
 * one at a time; one address has at most one PDF running or waiting (429), at most three wait
 * behind the one being printed (503), both with Retry-After; an unchanged report comes from the
 * cache; a hostile stored geometry does not stop the PDF.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { apiClient, point } from '../api/api-client';
import { fetchFrom, type AddressedResponse } from '../helpers/from-address';
import { startServer, type RunningServer } from '../helpers/server';
import { descendantProcesses } from '../helpers/processes';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ seed: true });
}, 120_000);
afterAll(() => server?.stop());

/** A month of 2025: a period that has ended, whatever the machine's clock says today. */
const pdfUrl = (month: string) => `${server.url}/api/reports/pdf?from=2025-${month}-01&to=2025-${String(Number(month) + 1).padStart(2, '0')}-01`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const json = (r: AddressedResponse) => JSON.parse(r.body.toString());

/** Chromium browser processes (not its renderers and helpers) below the server process. */
const chromiumBrowsers = () => descendantProcesses(server.pid).filter((p) => /chrom/i.test(p.cmd) && !p.cmd.includes('--type=')).length;

it('prints one PDF for an address at a time: six at once from one address get one PDF and five 429s with Retry-After', { timeout: 120_000 }, async () => {
	const answers = await Promise.all(Array.from({ length: 6 }, () => fetchFrom('127.0.0.1', pdfUrl('09'))));
	const statuses = answers.map((a) => a.status).sort();
	expect(statuses).toEqual([200, 429, 429, 429, 429, 429]);
	for (const refused of answers.filter((a) => a.status === 429)) {
		expect(json(refused)).toMatchObject({ code: 'report.pdf.rate-limited', details: { limit: 1 } });
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
	}
	const pdf = answers.find((a) => a.status === 200)!;
	expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
	expect(chromiumBrowsers()).toBe(1);
});

it('lets three PDFs wait behind the one being printed and answers more 503 with Retry-After, all from one browser', { timeout: 180_000 }, async () => {
	// Six addresses, six periods (no cache hit): one prints, three wait, two are refused.
	const months = ['01', '02', '03', '04', '05', '06'];
	const answers = await Promise.all(months.map((m, i) => fetchFrom(`127.0.0.${i + 2}`, pdfUrl(m))));
	const statuses = answers.map((a) => a.status).sort();
	expect(statuses).toEqual([200, 200, 200, 200, 503, 503]);
	for (const refused of answers.filter((a) => a.status === 503)) {
		expect(json(refused)).toMatchObject({ code: 'report.pdf.busy', details: { limit: 3 } });
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
	}
	expect(chromiumBrowsers()).toBe(1);
});

it('keeps a PDF until the data changes: the same period again is served from the cache, an edit prints it anew', { timeout: 120_000 }, async () => {
	const first = await fetchFrom('127.0.0.1', pdfUrl('09'));
	expect(first.status).toBe(200);
	expect(first.headers['x-sanimap-cache']).toBe('hit');
	const admin = apiClient(server.url, await server.login());
	await admin.create('bins', point(116.35, 40.0), { name: 'after the PDF' });
	const t0 = performance.now();
	const again = await fetchFrom('127.0.0.1', pdfUrl('09'));
	expect(again.status).toBe(200);
	expect(again.headers['x-sanimap-cache']).toBe('miss');
	expect(performance.now() - t0).toBeGreaterThan(100);
	const cached = await fetchFrom('127.0.0.1', pdfUrl('09'));
	expect(cached.headers['x-sanimap-cache']).toBe('hit');
	expect(cached.body.equals(again.body)).toBe(true);
});

it('prints the report although a stored bin carries a hostile geometry', { timeout: 120_000 }, async () => {
	const admin = apiClient(server.url, await server.login());
	const bin = await admin.create('bins', point(116.351, 40.001), { name: 'hostile' });
	let deep = '1';
	for (let i = 0; i < 4_100; i++) deep = `[${deep}]`;
	const hostile = `{"type":"Point","coordinates":[116.351,40.001],"__proto__":{"polluted":true},"deep":${deep}}`;
	// Written straight into the file, as data stored before the check was whole would be.
	const db = new Database(server.dbPath);
	db.pragma('busy_timeout = 5000');
	db.prepare('UPDATE features SET geometry = ? WHERE id = ?').run(hostile, bin.id);
	db.prepare('UPDATE feature_versions SET geometry = ? WHERE feature_id = ?').run(hostile, bin.id);
	db.close();
	await admin.create('bins', point(116.352, 40.002), { name: 'a new changeset, so no cached PDF is used' });
	const t0 = performance.now();
	// A period around now, so the bins just written are on its maps.
	const pdf = await fetchFrom('127.0.0.1', `${server.url}/api/reports/pdf?from=${day(Date.now() - 20 * 86_400_000)}&to=${day(Date.now() + 2 * 86_400_000)}`);
	expect(pdf.status, pdf.body.toString().slice(0, 300)).toBe(200);
	expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
	expect(performance.now() - t0).toBeLessThan(60_000);
});
