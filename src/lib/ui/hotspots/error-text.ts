/** An API failure in the user's language: known codes have their own text, else the server's message. */
import { get } from 'svelte/store';
import { ApiClientError } from '../api-client';
import { t } from '../i18n';

const KNOWN = new Set([
	'network',
	'auth.required',
	'auth.forbidden',
	'conflict',
	'photo.too-large',
	'photo.not-image',
	'photo.type-mismatch',
	'photo.extension-mismatch',
	'photo.content-type',
	'photo.unreadable',
	'transition.not-allowed',
	'transition.note-required',
	'transition.reason-required',
	'transition.photo-required',
	'feature.invalid'
]);

export function errorText(e: unknown): string {
	const tr = get(t);
	if (e instanceof ApiClientError) {
		if (KNOWN.has(e.code)) return tr(`hotspots.errors.${e.code}`, { values: { message: e.message } });
		return e.message;
	}
	return tr('hotspots.errors.unexpected', { values: { message: (e as Error)?.message ?? String(e) } });
}
