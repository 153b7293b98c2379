/**
 * Thrown by analysis functions when an input feature has a geometry type the analysis cannot use
 * (a LineString among bins, a Point among roads). The CLI and HTTP layers turn it into a user error.
 */
export class GeometryTypeError extends Error {
	constructor(
		readonly layer: string,
		readonly featureIndex: number,
		readonly found: string,
		readonly expected: readonly string[]
	) {
		super(`${layer}: feature ${featureIndex} has geometry ${found}; expected ${expected.join(' or ')}.`);
		this.name = 'GeometryTypeError';
	}
}
