/** vt-pbf ships no types: the one function we call, as its README documents it. */
declare module 'vt-pbf' {
	const vtpbf: {
		/** Encodes geojson-vt style tiles (`{ features: [{ type, geometry, tags, id? }] }`) per layer name into MVT bytes. */
		fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
	};
	export default vtpbf;
}
