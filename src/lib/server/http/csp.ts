/**
 * The online basemap, when one is configured (SANIMAP_BASEMAP_URL), is fetched by MapLibre from
 * another origin: its tiles need that origin in `connect-src` (MapLibre fetches tiles) and `img-src`.
 * The rest of the policy is static, in svelte.config.js.
 */
export function allowBasemapOrigin(policy: string, basemapUrl: string): string {
	const origin = originOf(basemapUrl);
	if (!origin) return policy;
	return policy
		.split(';')
		.map((part) => {
			const directive = part.trim().split(/\s+/)[0];
			return directive === 'connect-src' || directive === 'img-src' ? `${part.trimEnd()} ${origin}` : part;
		})
		.join(';');
}

/** The scheme and host of an XYZ template like `https://{s}.tile.example.org/{z}/{x}/{y}.png`. */
function originOf(template: string): string | null {
	const m = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
	if (!m) return null;
	// A `{s}` subdomain placeholder becomes a wildcard, which CSP allows for the left-most label.
	const host = m[2].replace(/^\{s\}\./i, '*.');
	if (/[{}\s;,'"]/.test(host)) return null;
	return `${m[1].toLowerCase()}://${host}`;
}
