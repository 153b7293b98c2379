import { config } from '../config';

/**
 * Where Chromium reaches this server: its own listening address when adapter-node runs it (the
 * public ORIGIN may be a proxy name the server cannot resolve), else the request's origin (dev).
 */
export function selfOrigin(url: URL): string {
	const port = config.port;
	if (port === undefined) return url.origin;
	const host = config.host && !['0.0.0.0', '::'].includes(config.host) ? config.host : '127.0.0.1';
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The caller's Authorization and Cookie headers: a server whose reads are private prints what the caller may read. */
export function credentialsOf(request: Request): Record<string, string> {
	const credentials: Record<string, string> = {};
	for (const name of ['authorization', 'cookie']) {
		const value = request.headers.get(name);
		if (value) credentials[name] = value;
	}
	return credentials;
}
