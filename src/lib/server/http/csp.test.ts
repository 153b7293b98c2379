import { describe, expect, it } from 'vitest';
import { allowBasemapOrigin } from './csp';

const POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; script-src 'self' 'nonce-abc'";

describe('allowBasemapOrigin', () => {
	it('adds the basemap origin to connect-src and img-src only', () => {
		const out = allowBasemapOrigin(POLICY, 'https://tiles.example.org/{z}/{x}/{y}.png?key=secret');
		expect(out).toBe("default-src 'self'; connect-src 'self' https://tiles.example.org; img-src 'self' data: blob: https://tiles.example.org; script-src 'self' 'nonce-abc'");
	});

	it('turns a {s} subdomain placeholder into a wildcard and keeps a port', () => {
		expect(allowBasemapOrigin(POLICY, 'http://{s}.tile.example.org:8080/{z}/{x}/{y}.png')).toContain("connect-src 'self' http://*.tile.example.org:8080;");
	});

	it('leaves the policy alone for an empty, relative or malformed URL', () => {
		for (const url of ['', '/tiles/{z}/{x}/{y}.png', "https://a.example'; script-src *", 'javascript:alert(1)', 'https://{z}.example/{x}']) {
			expect(allowBasemapOrigin(POLICY, url), url).toBe(POLICY);
		}
	});
});
