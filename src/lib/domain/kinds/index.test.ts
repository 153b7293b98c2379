import { describe, expect, it } from 'vitest';
import { COLLECTION, KINDS, kindByCollection, type Kind } from './index';

describe('COLLECTION', () => {
	it('names the collection of every kind as its definition does', () => {
		for (const def of KINDS) expect(COLLECTION[def.kind as Kind]).toBe(def.collection);
		expect(Object.keys(COLLECTION).sort()).toEqual(KINDS.map((d) => d.kind).sort());
	});

	it('leads back to the same kind', () => {
		for (const [kind, collection] of Object.entries(COLLECTION)) expect(kindByCollection(collection)?.kind).toBe(kind);
	});

	it('keeps the literal type of each collection', () => {
		const roads: 'road-segments' = COLLECTION.roadSegment;
		expect(roads).toBe('road-segments');
	});
});
