/** A piece of UI text in both languages the product ships. */
export interface LocalizedText {
	zh: string;
	en: string;
}

export type Locale = keyof LocalizedText;
export const LOCALES: readonly Locale[] = ['zh', 'en'];
