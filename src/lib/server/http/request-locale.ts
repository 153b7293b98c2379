import Negotiator from 'negotiator';
import { LOCALES, type Locale } from '../../domain/i18n-text';

/** The cookie the page writes when a person picks a language, so the server renders in it. */
export const LOCALE_COOKIE = 'sanimap-locale';

/** `zh`, `zh-CN`, `zh_TW`, `en-GB` … as one of our locales; anything else as undefined. */
function asLocale(value: string | null | undefined): Locale | undefined {
	const language = /^([a-z]{2})(?:[-_]|$)/i.exec(value ?? '')?.[1]?.toLowerCase();
	return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : undefined;
}

/**
 * The language to answer in: an explicit choice (a `lang` or `locale` parameter, then the saved
 * cookie), else the best match of `Accept-Language` (`zh-CN`, `zh-TW` and `zh` all mean zh), else
 * `fallback` (English for pages; an API for a Chinese audience may choose Chinese).
 */
export function requestLocale(request: Request, cookie: string | undefined, explicit?: string | null, fallback: Locale = 'en'): Locale {
	const chosen = asLocale(explicit) ?? asLocale(cookie);
	if (chosen) return chosen;
	const header = request.headers.get('accept-language');
	if (!header) return fallback;
	// The fallback first among the offered: with no match, or equal preference, it is the answer.
	const best = new Negotiator({ headers: { 'accept-language': header } }).language(fallback === 'en' ? ['en', 'zh'] : ['zh', 'en']);
	return asLocale(best) ?? fallback;
}

/** The value of `<html lang>` for a locale. */
export const htmlLang = (locale: Locale): string => (locale === 'zh' ? 'zh-CN' : 'en');
