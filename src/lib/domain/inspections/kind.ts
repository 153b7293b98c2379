/**
 * Inspections are stored as features of their own kind, beside the cases their findings open, so
 * that an inspection and its cases are one changeset (history, undo, offline queue) like every
 * edit. They are not an asset layer: not in KIND_DEFINITIONS, not drawn, tiled or exported; they
 * are read through /api/inspections.
 */
import { INSPECTION_TARGETS, type InspectionTarget } from '../api-types';
import { kindByCollection, kindDef, type KindOfCollection } from '../kinds';

export const INSPECTION_KIND = 'inspection';
export const INSPECTION_COLLECTION = 'inspections';

/** The collection id of a stored kind: an asset kind's, or `inspections`. */
export function collectionOfKind(kind: string): string {
	if (kind === INSPECTION_KIND) return INSPECTION_COLLECTION;
	return kindDef(kind)?.collection ?? kind;
}

/** The kind targeted by a template's target collection, read off the kind registry. */
export const TARGET_KIND = Object.freeze(Object.fromEntries(INSPECTION_TARGETS.map((c) => [c, kindByCollection(c)!.kind]))) as {
	readonly [C in InspectionTarget]: KindOfCollection<C>;
};
