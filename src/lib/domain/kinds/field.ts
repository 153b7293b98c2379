import type { LocalizedText } from '../i18n-text';

/**
 * Field definitions: the one description of an attribute from which validation, forms, API
 * schemas and TypeScript types are derived.
 */
/** `attributes`: named text, number or yes/no values (attribute-values.ts), such as a file's own columns. */
export type FieldType = 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'stringList' | 'attributes';

export interface EnumOption {
	value: string;
	label: LocalizedText;
}

export interface FieldDef {
	key: string;
	type: FieldType;
	label: LocalizedText;
	/** For `enum` fields. */
	options?: readonly EnumOption[];
	required?: boolean;
	/** Filled in on create when the field is absent. `'$now'` means the time of the write. */
	default?: string | number | boolean;
	unit?: string;
	min?: number;
	max?: number;
	maxLength?: number;
	/** Shown in forms but not editable there (set by the system or by import). */
	readOnly?: boolean;
}

export const enumOption = (value: string, zh: string, en: string): EnumOption => ({ value, label: { zh, en } });

/** Fields every kind has. */
export const COMMON_FIELDS: readonly FieldDef[] = [
	{ key: 'name', type: 'string', label: { zh: '名称', en: 'Name' }, maxLength: 200 },
	{ key: 'description', type: 'text', label: { zh: '说明', en: 'Description' }, maxLength: 4000 },
	{ key: 'source', type: 'string', label: { zh: '数据来源', en: 'Source' }, maxLength: 100, readOnly: true },
	{
		key: 'generatedFields',
		type: 'stringList',
		label: { zh: '生成的属性', en: 'Generated attributes' },
		readOnly: true
	},
	{ key: 'osmId', type: 'string', label: { zh: 'OSM 编号', en: 'OSM id' }, maxLength: 40, readOnly: true },
	// The columns of an imported file that fill none of the kind's fields, under their own names, so
	// that nothing of a person's file is lost: shown with the feature and written out by exports.
	{ key: 'sourceAttributes', type: 'attributes', label: { zh: '原始属性', en: 'Source attributes' }, readOnly: true }
];
