/**
 * Hotspot cases over HTTP against the real server: a report finds its zone, responsible person and
 * deadline and warns of duplicates; every allowed move works and every other is refused with a
 * reason; the timeline tells the story; a plain PATCH cannot skip the lifecycle; photos are type
 * checked from their bytes, size limited, stripped of GPS EXIF and served safely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, expectApiError, point, type ApiClient } from './api-client';

let server: RunningServer;
let api: ApiClient;
let anonymous: ApiClient;
let viewer: ApiClient;

/** A square zone around (116.35, 40.0), about 170 m across. */
const ZONE = {
	type: 'Polygon',
	coordinates: [
		[
			[116.349, 39.999],
			[116.351, 39.999],
			[116.351, 40.001],
			[116.349, 40.001],
			[116.349, 39.999]
		]
	]
};

beforeAll(async () => {
	server = await startServer({ env: { SANIMAP_MAX_PHOTO_BYTES: String(200_000) } });
	api = apiClient(server.url, await server.login());
	anonymous = apiClient(server.url);
	viewer = apiClient(server.url, (await server.createUser('viewer1', 'viewer')).token);
	await api.create('zones', ZONE, { name: 'Test zone', responsible: '王芳', population: 2000 });
});

afterAll(async () => {
	await server?.stop();
});

/** A small JPEG carrying a GPS position in its EXIF, as a phone camera writes it. */
async function jpegWithGps(): Promise<Buffer> {
	return sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 80, b: 40 } } })
		.jpeg()
		.withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '116/1 21/1 0/1' } })
		.toBuffer();
}

async function uploadPhoto(client: ApiClient = api, bytes?: Buffer, headers: Record<string, string> = {}) {
	return client.send('POST', '/api/photos', { body: new Uint8Array(bytes ?? (await jpegWithGps())), headers: { 'content-type': 'image/jpeg', ...headers } });
}

async function report(properties: Record<string, unknown> = {}, at: [number, number] = [116.35, 40.0]) {
	const res = await api.post('/api/hotspots', { type: 'Feature', geometry: point(...at), properties: { category: 'exposed-rubbish', severity: 'high', ...properties } });
	expect(res.status, res.text).toBe(201);
	return res.body;
}

async function move(id: number, version: number, to: string, extra: Record<string, unknown> = {}) {
	return api.post(`/api/hotspots/${id}/transition`, { to, version, ...extra });
}

describe('reporting a hotspot', () => {
	it('records the zone, its responsible person and a due date 7 days on', async () => {
		const photo = await uploadPhoto();
		expect(photo.status, photo.text).toBe(201);
		const h = await report({ description: 'Bags by the gate', photos: [photo.body.id] });
		expect(h.properties).toMatchObject({ status: 'reported', responsible: '王芳', photos: [photo.body.id], description: 'Bags by the gate' });
		expect(h.zone).toMatchObject({ name: 'Test zone' });
		expect(h.properties.zoneId).toBe(String(h.zone.id));
		expect(Date.parse(h.properties.dueAt) - Date.parse(h.properties.reportedAt)).toBe(7 * 86_400_000);
		expect(h.duplicates).toEqual([]);
		expect(h.changesetId).toBeGreaterThan(0);
	});

	it('uses the project deadline rule when one is set', async () => {
		const put = await api.send('PUT', '/api/rules', { body: JSON.stringify({ hotspotDeadlineDays: 3 }), headers: { 'content-type': 'application/json' } });
		expect(put.status, put.text).toBe(200);
		try {
			const h = await report({ category: 'small-ads' }, [116.3495, 40.0005]);
			expect(Date.parse(h.properties.dueAt) - Date.parse(h.properties.reportedAt)).toBe(3 * 86_400_000);
		} finally {
			await api.send('PUT', '/api/rules', { body: '{}', headers: { 'content-type': 'application/json' } });
		}
	});

	it('warns of an open case of the same category within 30 m, not of others', async () => {
		const first = await report({ category: 'standing-water' }, [116.3502, 40.0002]);
		// ~20 m north-east: same category, open → warned.
		const second = await report({ category: 'standing-water' }, [116.3503, 40.00035]);
		expect(second.duplicates).toHaveLength(1);
		expect(second.duplicates[0]).toMatchObject({ id: first.id, status: 'reported' });
		expect(second.duplicates[0].distanceM).toBeGreaterThan(10);
		expect(second.duplicates[0].distanceM).toBeLessThan(30);
		// Another category at the same place: no warning.
		expect((await report({ category: 'illegal-structure' }, [116.3503, 40.00035])).duplicates).toEqual([]);
		// ~45 m away: no warning.
		expect((await report({ category: 'standing-water' }, [116.3507, 40.0002])).duplicates.map((d: { id: number }) => d.id)).not.toContain(first.id);
	});

	it('a report outside every zone has no zone and no responsible person', async () => {
		const h = await report({ category: 'blind-spot' }, [116.36, 40.01]);
		expect(h.zone).toBeNull();
		expect(h.properties.zoneId).toBeUndefined();
		expect(h.properties.responsible).toBeUndefined();
	});

	it('refuses lifecycle fields, unknown photos, bad input and anyone without the permission', async () => {
		expectApiError(await api.post('/api/hotspots', { type: 'Feature', geometry: point(116.35, 40), properties: { status: 'verified' } }), 400, 'hotspot.lifecycle-field');
		expectApiError(
			await api.post('/api/hotspots', { type: 'Feature', geometry: point(116.35, 40), properties: { photos: ['00000000-0000-0000-0000-000000000000'] } }),
			400,
			'photo.not-found'
		);
		expectApiError(await api.post('/api/hotspots', { type: 'Feature', geometry: point(116.35, 40), properties: { category: 'nope' } }), 400, 'feature.invalid');
		expectApiError(await anonymous.post('/api/hotspots', { type: 'Feature', geometry: point(116.35, 40) }), 401, 'auth.required');
		expectApiError(await viewer.post('/api/hotspots', { type: 'Feature', geometry: point(116.35, 40) }), 403, 'auth.forbidden');
	});
});

describe('moving a case', () => {
	it('reported → assigned → resolved → verified, each a changeset, told by the timeline', async () => {
		const h = await report({ category: 'dumped-debris' }, [116.3498, 39.9995]);
		const assigned = await move(h.id, h.version, 'assigned');
		expect(assigned.status, assigned.text).toBe(200);
		expect(assigned.body.properties).toMatchObject({ status: 'assigned' });
		expect(Date.parse(assigned.body.properties.dueAt) - Date.parse(assigned.body.properties.assignedAt)).toBe(7 * 86_400_000);

		const photo = (await uploadPhoto()).body;
		const resolved = await move(h.id, assigned.body.version, 'resolved', { note: 'Cleared, two bags', photoIds: [photo.id] });
		expect(resolved.status, resolved.text).toBe(200);
		expect(resolved.body.properties).toMatchObject({ status: 'resolved', resolutionNote: 'Cleared, two bags', resolutionPhotos: [photo.id] });
		expect(resolved.body.properties.resolvedAt).toBeTruthy();

		const verified = await move(h.id, resolved.body.version, 'verified');
		expect(verified.status, verified.text).toBe(200);
		expect(verified.body.properties.status).toBe('verified');
		expect(new Set([assigned.body.changesetId, resolved.body.changesetId, verified.body.changesetId]).size).toBe(3);

		const timeline = await api.get(`/api/hotspots/${h.id}/timeline`);
		expect(timeline.status).toBe(200);
		expect(timeline.body.timeline.map((e: { type: string; from: string | null; to: string }) => [e.type, e.from, e.to])).toEqual([
			['reported', null, 'reported'],
			['transition', 'reported', 'assigned'],
			['transition', 'assigned', 'resolved'],
			['transition', 'resolved', 'verified']
		]);
		const resolvedEntry = timeline.body.timeline[2];
		expect(resolvedEntry).toMatchObject({ note: 'Cleared, two bags', photos: [photo.id], author: 'admin' });
		expect(Date.parse(resolvedEntry.at)).toBeGreaterThan(0);

		// Final: verified → reported is refused with the reason, and nothing changes.
		const back = await move(h.id, verified.body.version, 'reported');
		expectApiError(back, 409, 'transition.not-allowed');
		expect(back.body.message).toMatch(/verified case cannot be moved to reported/);
		expect((await api.get(`/api/collections/hotspots/items/${h.id}`)).body.version).toBe(verified.body.version);
	});

	it('rejection needs a reason; a failed verification goes back to assigned with a note', async () => {
		const a = await report({ category: 'mosquito-breeding' }, [116.3492, 39.9992]);
		expectApiError(await move(a.id, a.version, 'rejected'), 400, 'transition.reason-required');
		const rejected = await move(a.id, a.version, 'rejected', { reason: 'Private courtyard' });
		expect(rejected.body.properties).toMatchObject({ status: 'rejected', rejectionReason: 'Private courtyard' });
		expectApiError(await move(a.id, rejected.body.version, 'assigned'), 409, 'transition.not-allowed');

		const b = await report({ category: 'mosquito-breeding' }, [116.3508, 40.0008]);
		const assigned = (await move(b.id, b.version, 'assigned')).body;
		expectApiError(await move(b.id, assigned.version, 'resolved', { note: 'done' }), 400, 'transition.photo-required');
		expectApiError(await move(b.id, assigned.version, 'resolved', { photoIds: [(await uploadPhoto()).body.id] }), 400, 'transition.note-required');
		expectApiError(await move(b.id, assigned.version, 'resolved', { note: 'done', photoIds: ['00000000-0000-0000-0000-000000000000'] }), 400, 'photo.not-found');
		const resolved = (await move(b.id, assigned.version, 'resolved', { note: 'done', photoIds: [(await uploadPhoto()).body.id] })).body;
		const reopened = await move(b.id, resolved.version, 'assigned', { note: 'Water is back' });
		expect(reopened.status, reopened.text).toBe(200);
		expect(reopened.body.properties.status).toBe('assigned');
		expect(reopened.body.properties.resolvedAt).toBeUndefined();
		const timeline = (await api.get(`/api/hotspots/${b.id}/timeline`)).body.timeline;
		expect(timeline.at(-1)).toMatchObject({ type: 'transition', from: 'resolved', to: 'assigned', note: 'Water is back' });
	});

	it('every move outside the lifecycle is refused: from each status to each status', async () => {
		// Build one case in each status, then try every target.
		const statuses = ['reported', 'assigned', 'resolved', 'verified', 'rejected'];
		const allowed = new Set(['reported→assigned', 'reported→rejected', 'assigned→resolved', 'assigned→rejected', 'resolved→verified', 'resolved→assigned']);
		const photoId = (await uploadPhoto()).body.id;
		const paths: Record<string, string[]> = { reported: [], assigned: ['assigned'], resolved: ['assigned', 'resolved'], verified: ['assigned', 'resolved', 'verified'], rejected: ['rejected'] };
		const extra = { note: 'n', reason: 'r', photoIds: [photoId] };
		let lon = 116.3491;
		for (const from of statuses) {
			for (const to of statuses) {
				lon += 0.00005;
				let h = await report({ category: 'small-ads' }, [lon, 40.0009]);
				for (const step of paths[from]) h = (await move(h.id, h.version, step, extra)).body;
				expect(h.properties.status).toBe(from);
				const res = await move(h.id, h.version, to, extra);
				if (allowed.has(`${from}→${to}`)) expect(res.status, `${from}→${to}: ${res.text}`).toBe(200);
				else expectApiError(res, 409, 'transition.not-allowed');
			}
		}
	});

	it('a stale version gets 409 conflict with the current case; a missing one 428', async () => {
		const h = await report({ category: 'blind-spot' }, [116.3499, 40.0007]);
		const assigned = (await move(h.id, h.version, 'assigned')).body;
		const stale = await move(h.id, h.version, 'rejected', { reason: 'x' });
		expectApiError(stale, 409, 'conflict');
		expect(stale.body.details.current.version).toBe(assigned.version);
		expectApiError(await api.post(`/api/hotspots/${h.id}/transition`, { to: 'resolved' }), 428, 'version.required');
		expectApiError(await move(h.id, assigned.version, 'closed'), 400, 'transition.unknown-status');
		expectApiError(await move(999_999, 1, 'assigned'), 404, 'feature.not-found');
		expectApiError(await viewer.post(`/api/hotspots/${h.id}/transition`, { to: 'rejected', version: assigned.version, reason: 'x' }), 403, 'auth.forbidden');
	});

	it('moving a case someone deleted is a 409 conflict with no current case, whenever the delete landed', async () => {
		const h = await report({ category: 'blind-spot' }, [116.3497, 40.0009]);
		const gone = await api.del(`/api/collections/hotspots/items/${h.id}`, { 'if-match': `"${h.version}"` });
		expect(gone.status, gone.text).toBe(200);
		const moved = await move(h.id, h.version, 'assigned');
		expectApiError(moved, 409, 'conflict');
		expect(moved.body.details.current).toBeNull();
		expectApiError(await move(999_999, 1, 'assigned'), 404, 'feature.not-found');
	});

	it('the generic PATCH cannot change the status, and points to the transition endpoint', async () => {
		const h = await report({ category: 'blind-spot' }, [116.3497, 40.0004]);
		const res = await api.patch(`/api/collections/hotspots/items/${h.id}`, { properties: { status: 'verified' } }, { 'if-match': `"${h.version}"` });
		expectApiError(res, 409, 'hotspot.use-transition');
		expect(res.body.message).toContain('/api/hotspots/{id}/transition');
		// Other attributes still edit normally.
		const ok = await api.patch(`/api/collections/hotspots/items/${h.id}`, { properties: { severity: 'low' } }, { 'if-match': `"${h.version}"` });
		expect(ok.status, ok.text).toBe(200);
		expect(ok.body.properties).toMatchObject({ severity: 'low', status: 'reported' });
	});
});

describe('photos', () => {
	it('are re-encoded without GPS EXIF and served with a safe content type and a long cache', async () => {
		const original = await jpegWithGps();
		expect((await sharp(original).metadata()).exif).toBeDefined();
		const up = await uploadPhoto(api, original, { 'x-filename': encodeURIComponent('现场.JPG') });
		expect(up.status, up.text).toBe(201);
		expect(up.body).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 64, url: `/api/photos/${up.body.id}` });
		const res = await fetch(server.url + up.body.url);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toBe('inline');
		expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/);
		const served = Buffer.from(await res.arrayBuffer());
		const meta = await sharp(served).metadata();
		expect(meta.format).toBe('jpeg');
		expect(meta.exif).toBeUndefined();
		expect(served.includes(Buffer.from('TestPhone'))).toBe(false);
	});

	it('accepts PNG and WebP', async () => {
		const img = sharp({ create: { width: 20, height: 10, channels: 3, background: '#0f766e' } });
		const png = await uploadPhoto(api, await img.clone().png().toBuffer(), { 'content-type': 'image/png', 'x-filename': 'a.png' });
		expect(png.status, png.text).toBe(201);
		const webp = await uploadPhoto(api, await img.clone().webp().toBuffer(), { 'content-type': 'image/webp' });
		expect(webp.status, webp.text).toBe(201);
		expect((await fetch(server.url + webp.body.url)).headers.get('content-type')).toBe('image/webp');
	});

	it('refuses a file that is not an image, even when it says it is', async () => {
		const res = await uploadPhoto(api, Buffer.from('<script>alert(1)</script>'.repeat(20)), { 'x-filename': 'x.jpg' });
		expectApiError(res, 415, 'photo.not-image');
	});

	it('refuses a PNG sent as a JPEG, and an extension that does not match the content', async () => {
		const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
		expectApiError(await uploadPhoto(api, png, { 'content-type': 'image/jpeg' }), 415, 'photo.type-mismatch');
		expectApiError(await uploadPhoto(api, await jpegWithGps(), { 'x-filename': 'photo.png' }), 400, 'photo.extension-mismatch');
		expectApiError(await uploadPhoto(api, await jpegWithGps(), { 'x-filename': 'photo.jpg.exe' }), 400, 'photo.extension-mismatch');
		expectApiError(await uploadPhoto(api, await jpegWithGps(), { 'content-type': 'image/gif' }), 415, 'photo.content-type');
	});

	it('refuses an oversized file with 413, declared or streamed', async () => {
		const big = Buffer.alloc(300_000, 0xff);
		expectApiError(await uploadPhoto(api, big), 413, 'photo.too-large');
		// Streamed without Content-Length: refused once the limit is passed.
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(50_000));
				controller.close();
			}
		});
		const res = await api.send('POST', '/api/photos', { body: stream, headers: { 'content-type': 'image/jpeg' } });
		expectApiError(res, 413, 'photo.too-large');
	});

	it('needs the permission to upload; an unknown photo is a 404', async () => {
		expectApiError(await uploadPhoto(anonymous), 401, 'auth.required');
		expectApiError(await api.get('/api/photos/00000000-0000-0000-0000-000000000000'), 404, 'photo.not-found');
		expectApiError(await api.get('/api/photos/..%2f..%2fsanimap.db'), 404, 'photo.not-found');
	});
});
