/**
 * UI text in zh-CN and en (svelte-i18n). The language comes from a saved choice, else the browser,
 * and can be switched at any time; kind and field labels come from the kind definitions.
 */
import { addMessages, init, locale, _ } from 'svelte-i18n';
import { derived, get } from 'svelte/store';
import type { Locale, LocalizedText } from '../../domain/i18n-text';

const STORAGE_KEY = 'sanimap.locale';

// Each area of the app keeps its own messages/<area>.<locale>.json, under its own top-level key.
const dictionaries = import.meta.glob<Record<string, unknown>>('./messages/*.json', { eager: true, import: 'default' });
for (const [path, messages] of Object.entries(dictionaries)) {
	const locale = /\.(en|zh)\.json$/.exec(path)?.[1];
	if (locale) addMessages(locale, messages as Parameters<typeof addMessages>[1]);
}

function initialLocale(): Locale {
	if (typeof window === 'undefined') return 'en';
	const saved = localStorage.getItem(STORAGE_KEY);
	if (saved === 'zh' || saved === 'en') return saved;
	return navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

init({ fallbackLocale: 'en', initialLocale: initialLocale() });

export { _ as t, locale };

export const currentLocale = derived(locale, (l): Locale => (l?.startsWith('zh') ? 'zh' : 'en'));

export function setLocale(next: Locale): void {
	locale.set(next);
	if (typeof window !== 'undefined') {
		localStorage.setItem(STORAGE_KEY, next);
		document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
	}
}

/** Picks the text for the current language from a `{ zh, en }` label. */
export const loc = derived(currentLocale, (l) => (text: LocalizedText) => text[l]);

export const currentLocaleNow = (): Locale => get(currentLocale);

/** A message in the current language, for code outside components (state classes). */
export const translate = (key: string, values?: Record<string, unknown>): string => get(_)(key, { values: values as Record<string, string> });
