import type { FeatureReads } from '../../src/lib/server/store/types';

/** The store's reads, counting how often a whole layer is read (`scan`), by layer. */
export function countingScans(features: FeatureReads) {
	const counted = { scans: 0, kinds: [] as string[] };
	const reads = new Proxy(features, {
		get(target, key) {
			const own = Reflect.get(target, key);
			if (key === 'scan') {
				return (kind: string, ...rest: unknown[]) => {
					counted.scans++;
					counted.kinds.push(kind);
					return (own as (...args: unknown[]) => unknown).call(target, kind, ...rest);
				};
			}
			return typeof own === 'function' ? own.bind(target) : own;
		}
	});
	return { reads, counted };
}
