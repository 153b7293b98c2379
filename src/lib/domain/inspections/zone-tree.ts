/**
 * Zones in levels (社区 → 片区/网格, 镇 → 村): a zone's `parentId` property holds its parent zone's
 * id. A parent must exist and must not lie below the zone itself; figures roll up over each
 * zone's subtree.
 */
export interface TreeZone {
	id: number;
	parentId: number | null;
}

/** The parent id as stored (text or number), or null for none / not a positive whole number. */
export function parentIdOf(properties: Record<string, unknown>): number | null {
	const raw = properties.parentId;
	if (raw === undefined || raw === null || raw === '') return null;
	const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export type ParentProblem = { code: 'zone.parent.not-found' | 'zone.parent.cycle' | 'zone.parent.invalid'; message: string };

/**
 * Whether `zoneId` (null for a zone being created) may take `parent` as its parent, among `zones`
 * as stored (with their current parents).
 */
export function checkParent(zoneId: number | null, parent: unknown, zones: readonly TreeZone[]): ParentProblem | null {
	if (parent === undefined || parent === null || parent === '') return null;
	const parentId = parentIdOf({ parentId: parent });
	if (parentId === null) return { code: 'zone.parent.invalid', message: `"parentId" must be a zone's id (a whole number), not ${JSON.stringify(parent)}.` };
	const byId = new Map(zones.map((z) => [z.id, z]));
	if (!byId.has(parentId)) return { code: 'zone.parent.not-found', message: `There is no zone ${parentId} to be the parent zone.` };
	if (zoneId === null) return null;
	// Walk up from the proposed parent: reaching the zone itself means the zone would be its own ancestor.
	const seen = new Set<number>();
	for (let at: number | null = parentId; at !== null; at = byId.get(at)?.parentId ?? null) {
		if (at === zoneId) return { code: 'zone.parent.cycle', message: `Zone ${parentId} lies inside zone ${zoneId} (or is it): a zone cannot be its own parent or ancestor.` };
		if (seen.has(at)) break;
		seen.add(at);
	}
	return null;
}

/** Every zone id of the subtree under each zone, the zone itself included (a stored cycle is cut where it repeats). */
export function subtrees(zones: readonly TreeZone[]): Map<number, Set<number>> {
	const children = new Map<number, number[]>();
	for (const z of zones) {
		if (z.parentId === null) continue;
		children.set(z.parentId, [...(children.get(z.parentId) ?? []), z.id]);
	}
	const result = new Map<number, Set<number>>();
	for (const z of zones) {
		const set = new Set<number>();
		const stack = [z.id];
		while (stack.length) {
			const id = stack.pop()!;
			if (set.has(id)) continue;
			set.add(id);
			stack.push(...(children.get(id) ?? []));
		}
		result.set(z.id, set);
	}
	return result;
}

/** The zones directly under `parent`, or, with no parent given, the top level (zones whose parent is none or unknown). */
export function levelOf<Z extends TreeZone>(zones: readonly Z[], parent: number | null): Z[] {
	const ids = new Set(zones.map((z) => z.id));
	return zones.filter((z) => (parent === null ? z.parentId === null || !ids.has(z.parentId) : z.parentId === parent));
}
