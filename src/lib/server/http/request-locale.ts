import Negotiator from 'negotiator';
import { LOCALES, type Locale } from '$lib/domain/i18n-text';

/** The cookie the page writes when a person picks a language, so the server renders in it. */
export const LOCALE_COOKIE = 'sanimap-locale';

const isLocale = (value: string | null | undefined): value is Locale => (LOCALES as readonly string[]).includes(value ?? '');

/**
 * The language to answer in: an explicit choice (a `locale` parameter, then the saved cookie),
 * else the best match of `Accept-Language` (`zh-CN`, `zh-TW` and `zh` all mean zh), else English.
 */
export function requestLocale(request: Request, cookie: string | undefined, explicit?: string | null): Locale {
	if (isLocale(explicit)) return explicit;
	if (isLocale(cookie)) return cookie;
	const header = request.headers.get('accept-language');
	if (!header) return 'en';
	// English first among the offered: with no match, or equal preference, English is the answer.
	const best = new Negotiator({ headers: { 'accept-language': header } }).language(['en', 'zh']);
	return isLocale(best) ? best : 'en';
}

/** The value of `<html lang>` for a locale. */
export const htmlLang = (locale: Locale): string => (locale === 'zh' ? 'zh-CN' : 'en');
