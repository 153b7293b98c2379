/**
 * Uploads: the type comes from the bytes, not from the name or the declared Content-Type; sizes
 * are limited; a file name cannot choose where the file goes; stored files are served with their
 * own type and `nosniff`, so a browser never runs one as a page or a script.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import sharp from 'sharp';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expectApiError, type ApiClient } from '../api/api-client';
import { upload } from '../api/import-helpers';
import type { RunningServer } from '../helpers/server';
import { startSafetyServer, withReadOnlyDb } from '../safety/support';

let server: RunningServer;
let admin: ApiClient;
let png: Buffer;
const photoDir = () => join(dirname(server.dbPath), 'photos');
const photoCount = () => withReadOnlyDb(server.dbPath, (db) => db.prepare('SELECT count(*) FROM photos').pluck().get() as number);

beforeAll(async () => {
	server = await startSafetyServer({ env: { SANIMAP_MAX_PHOTO_BYTES: String(200_000) } });
	admin = apiClient(server.url, await server.login());
	png = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
});
afterAll(() => server?.stop());

const sendPhoto = (body: Uint8Array | string, contentType: string, filename?: string) =>
	admin.send('POST', '/api/photos', { body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': contentType, ...(filename ? { 'x-filename': encodeURIComponent(filename) } : {}) } });

describe('photo uploads', () => {
	it.each([
		['an HTML page sent as a PNG', '<html><script>alert(1)</script></html>', 'image/png'],
		['an SVG with a script sent as an image', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
		['JavaScript sent as a JPEG', 'alert(document.cookie)', 'image/jpeg'],
		['a PNG header followed by HTML', '\x89PNG\r\n\x1a\n<html><script>alert(1)</script>', 'image/png']
	])('refuses %s, storing nothing', async (_what, body, type) => {
		const before = photoCount();
		const res = await sendPhoto(body, type);
		expect([400, 415], res.text).toContain(res.status);
		expect(photoCount()).toBe(before);
	});

	it('refuses a real image declared as another type', async () => {
		expectApiError(await sendPhoto(png, 'image/jpeg'), 415, 'photo.type-mismatch');
	});

	it('refuses a real image whose name says it is a page', async () => {
		expectApiError(await sendPhoto(png, 'image/png', 'photo.html'), 400, 'photo.extension-mismatch');
	});

	it('refuses a photo over the size limit with 413, before storing it', async () => {
		const big = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#888' } }).png({ compressionLevel: 0 }).toBuffer();
		expect(big.length).toBeGreaterThan(200_000);
		const before = photoCount();
		expectApiError(await sendPhoto(big, 'image/png'), 413, 'photo.too-large');
		expect(photoCount()).toBe(before);
	});

	it('ignores path segments in the file name: the file goes under the photo folder, named by its id', async () => {
		const res = await sendPhoto(png, 'image/png', '../../../../tmp/escaped.png');
		expect(res.status, res.text).toBe(201);
		expect(existsSync('/tmp/escaped.png')).toBe(false);
		const stored = withReadOnlyDb(server.dbPath, (db) => db.prepare('SELECT path FROM photos WHERE id = ?').pluck().get(res.body.id) as string);
		expect(stored).not.toMatch(/\.\./);
		expect(stored).toContain(res.body.id);
		const files = readdirSync(photoDir(), { recursive: true }).map(String);
		expect(files.some((f) => f.endsWith(`${res.body.id}.png`) || f.includes(res.body.id))).toBe(true);
		expect(relative(photoDir(), join(photoDir(), stored)).startsWith('..')).toBe(false);

		const served = await fetch(server.url + res.body.url);
		expect(served.status).toBe(200);
		expect(served.headers.get('content-type')).toMatch(/^image\/(png|jpeg|webp)$/);
		expect(served.headers.get('x-content-type-options')).toBe('nosniff');
		expect(served.headers.get('content-disposition') ?? 'inline').not.toMatch(/filename=.*\.\./);
	});

	it.each(['..%2F..%2F..%2Fetc%2Fpasswd', '..%252F..%252Fetc%252Fpasswd', '%2e%2e%2f%2e%2e%2fpackage.json', '....//....//etc/passwd'])('answers 404 for a photo path %s', async (p) => {
		const res = await fetch(`${server.url}/api/photos/${p}`);
		const text = await res.text();
		expect(res.status).toBe(404);
		expect(text).not.toMatch(/root:|"name": "sanimap"/);
	});
});

describe('import uploads', () => {
	it('refuses a zip whose entries climb out of the folder (zip slip), writing nothing there', async () => {
		const zip = zipSync({ '../../../../tmp/zip-slip.shp': strToU8('x'), 'ok.txt': strToU8('y') });
		const res = await upload(admin, zip, 'roads.zip', { collection: 'road-segments' });
		expect(res.status, res.text).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect(existsSync('/tmp/zip-slip.shp')).toBe(false);
	});

	it('takes the format from the content, not the name, and answers with nosniff', async () => {
		const res = await upload(admin, '<html><script>alert(1)</script></html>', 'bins.geojson', { collection: 'bins' });
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	});
});
