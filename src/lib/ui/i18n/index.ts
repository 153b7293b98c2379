/**
 * UI text in zh-CN and en (svelte-i18n). The language comes from a saved choice, else the browser,
 * and can be switched at any time; kind and field labels come from the kind definitions. The server
 * renders each page in the language it chose for the request (a cookie mirrors the saved choice),
 * so the first byte is already in the reader's language.
 */
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { derived, get } from 'svelte/store';
import type { Locale, LocalizedText } from '../../domain/i18n-text';

const STORAGE_KEY = 'sanimap.locale';
/** The same name as the server's LOCALE_COOKIE (src/lib/server/http/request-locale.ts). */
const COOKIE = 'sanimap-locale';
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

// Each area of the app keeps its own messages/<area>.<locale>.json, under its own top-level key.
const dictionaries = import.meta.glob<Record<string, unknown>>('./messages/*.json', { eager: true, import: 'default' });
for (const [path, messages] of Object.entries(dictionaries)) {
	const locale = /\.(en|zh)\.json$/.exec(path)?.[1];
	if (locale) addMessages(locale, messages as Parameters<typeof addMessages>[1]);
}

function savedLocale(): Locale | null {
	const saved = localStorage.getItem(STORAGE_KEY);
	return saved === 'zh' || saved === 'en' ? saved : null;
}

function initialLocale(): Locale {
	if (typeof window === 'undefined') return 'en';
	return savedLocale() ?? (navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en');
}

function saveCookie(value: Locale): void {
	document.cookie = `${COOKIE}=${value}; path=/; max-age=${COOKIE_MAX_AGE_S}; samesite=lax`;
}

init({ fallbackLocale: 'en', initialLocale: initialLocale() });

export { _ as t, locale };

export const currentLocale = derived(locale, (l): Locale => (l?.startsWith('zh') ? 'zh' : 'en'));

export function setLocale(next: Locale): void {
	locale.set(next);
	if (typeof window !== 'undefined') {
		localStorage.setItem(STORAGE_KEY, next);
		saveCookie(next);
		document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
	}
}

/**
 * The page's language from the server's choice for this request. On the server it is set before
 * anything renders (one request renders at a time, synchronously). In the browser a choice saved
 * before the cookie existed still wins, and is copied into the cookie for the next page.
 */
export function usePageLocale(serverLocale: Locale = 'en'): void {
	if (typeof window === 'undefined') {
		locale.set(serverLocale);
		return;
	}
	const saved = savedLocale();
	if (saved) {
		if (saved !== serverLocale) saveCookie(saved);
		locale.set(saved);
	} else locale.set(serverLocale);
	document.documentElement.lang = get(currentLocale) === 'zh' ? 'zh-CN' : 'en';
}

/** Picks the text for the current language from a `{ zh, en }` label. */
export const loc = derived(currentLocale, (l) => (text: LocalizedText) => text[l]);

export const currentLocaleNow = (): Locale => get(currentLocale);

/** A message in the current language, for code outside components (state classes). */
export const translate = (key: string, values?: Record<string, unknown>): string => get(_)(key, { values: values as Record<string, string> });
