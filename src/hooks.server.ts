import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { config } from '$lib/server/config';

export const init: ServerInit = () => {
	getApp();
	console.log(`sanimap: database ${config.databasePath}`);
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.url.pathname.startsWith('/api/')) {
		response.headers.set('x-content-type-options', 'nosniff');
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Not found', code: 'not-found' };
	console.error(`sanimap: ${event.request.method} ${event.url.pathname} failed:`, error);
	return { message: `Internal error (${message}). The server logged the details.`, code: 'internal' };
};
