import { KIND_DEFINITIONS, type KindDef } from './definitions';
import { COMMON_FIELDS, type FieldDef, type FieldType } from './field';
import type { AttributeValues } from '../attribute-values';

export type { KindDef, GeometryKind } from './definitions';
export type { FieldDef, FieldType, EnumOption } from './field';
export { COMMON_FIELDS } from './field';
export { HOTSPOT_STATUSES, LIFECYCLE_FIELDS } from './definitions';

type Defs = (typeof KIND_DEFINITIONS)[number];
export type Kind = Defs['kind'];
export type CollectionId = Defs['collection'];
/** The kind whose features a collection holds: `KindOfCollection<'road-segments'>` is `'roadSegment'`. */
export type KindOfCollection<C extends CollectionId> = Extract<Defs, { collection: C }>['kind'];

type ValueOf<F> = F extends { type: 'enum'; options: readonly { value: infer V }[] }
	? V
	: F extends { type: 'integer' | 'number' }
		? number
		: F extends { type: 'boolean' }
			? boolean
			: F extends { type: 'stringList' }
				? string[]
				: F extends { type: 'attributes' }
					? AttributeValues
					: string;

type PropsOf<Fields extends readonly FieldDef[]> = { [F in Fields[number] as F['key']]?: ValueOf<F> };

/** The properties of a feature of kind K, derived from its definition. */
export type PropertiesOf<K extends Kind> = PropsOf<typeof COMMON_FIELDS> & PropsOf<Extract<Defs, { kind: K }>['fields']>;

export const KINDS: readonly KindDef[] = KIND_DEFINITIONS;

/** The collection of each kind, read off the definitions: `COLLECTION.roadSegment` is `'road-segments'`. */
export const COLLECTION = Object.freeze(Object.fromEntries(KIND_DEFINITIONS.map((d) => [d.kind, d.collection]))) as {
	readonly [K in Kind]: Extract<Defs, { kind: K }>['collection'];
};

const byKind = new Map<string, KindDef>(KINDS.map((d) => [d.kind, d]));
const byCollection = new Map<string, KindDef>(KINDS.map((d) => [d.collection, d]));

export function kindDef(kind: string): KindDef | undefined {
	return byKind.get(kind);
}

export function kindByCollection(collection: string): KindDef | undefined {
	return byCollection.get(collection);
}

/** Every field of a kind: the common ones first, then the kind's own. */
export function fieldsOf(def: KindDef): readonly FieldDef[] {
	return [...COMMON_FIELDS, ...def.fields];
}

export function fieldOf(def: KindDef, key: string): FieldDef | undefined {
	return fieldsOf(def).find((f) => f.key === key);
}

export const isNumericFieldType = (t: FieldType) => t === 'integer' || t === 'number';
