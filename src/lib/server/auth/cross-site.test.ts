import { describe, expect, it } from 'vitest';
import { crossSiteWriteRefusal } from './cross-site';

const APP = 'http://127.0.0.1:3000';
const req = (method: string, headers: Record<string, string> = {}) => new Request(`${APP}/api/collections/bins/items`, { method, headers });

describe('the origin check on writes', () => {
	it('lets reads through whatever their origin', () => {
		expect(crossSiteWriteRefusal(req('GET', { origin: 'https://evil.example' }), APP, true, false)).toBeNull();
	});

	it('refuses a write from another origin, whatever its content type', () => {
		for (const type of ['application/json', 'text/plain', 'TEXT/PLAIN', 'Application/JSON', '']) {
			const headers: Record<string, string> = { origin: 'https://evil.example' };
			if (type) headers['content-type'] = type;
			expect(crossSiteWriteRefusal(req('POST', headers), APP, true, false), type).toMatch(/evil\.example/);
		}
		for (const method of ['PUT', 'PATCH', 'DELETE', 'post']) expect(crossSiteWriteRefusal(req(method, { origin: 'null' }), APP, true, false), method).not.toBeNull();
	});

	it('lets a write from the app itself through', () => {
		expect(crossSiteWriteRefusal(req('PATCH', { origin: APP }), APP, true, false)).toBeNull();
		expect(crossSiteWriteRefusal(req('DELETE', { 'sec-fetch-site': 'same-origin' }), APP, true, false)).toBeNull();
	});

	it('goes by Sec-Fetch-Site when there is no Origin', () => {
		expect(crossSiteWriteRefusal(req('POST', { 'sec-fetch-site': 'cross-site' }), APP, true, false)).toMatch(/cross-site/);
		expect(crossSiteWriteRefusal(req('POST', { 'sec-fetch-site': 'same-site' }), APP, false, false)).toMatch(/same-site/);
	});

	it('refuses a cookie write that proves no origin, and lets cookie-less scripts reach the permission check', () => {
		expect(crossSiteWriteRefusal(req('POST'), APP, true, false)).not.toBeNull();
		expect(crossSiteWriteRefusal(req('POST'), APP, false, false)).toBeNull();
	});

	it('exempts requests signed in by a Bearer token, which browsers never send on their own', () => {
		expect(crossSiteWriteRefusal(req('POST', { authorization: 'Bearer abc', origin: 'https://evil.example' }), APP, true, true)).toBeNull();
	});

	it('does not exempt a header that only looks like a token: the cookie beside it would sign the request in', () => {
		for (const authorization of ['Bearer a b', 'Bearer ', 'bearer\tx y']) {
			expect(crossSiteWriteRefusal(req('POST', { authorization, origin: 'https://evil.example' }), APP, true, false), authorization).toMatch(/evil\.example/);
		}
	});
});
