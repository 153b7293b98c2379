/**
 * Validation of a feature submitted for a kind. Returns coded issues and, when there are none, the
 * normalised geometry and properties to store; never throws on user data.
 */
import type { Geometry } from 'geojson';
import { fieldsOf, type FieldDef, type KindDef } from './kinds';
import { issue as makeIssue, type IssueParams, type ValidationIssue as AnyIssue } from '../issues';
import { attributeValuesProblem, type AttributeIssueCode } from './attribute-values';
import { cleanGeometry, validateGeometry, DEFAULT_GEOMETRY_LIMITS, type GeometryIssueCode, type GeometryLimits } from '../geo/validate-geometry';

/**
 * Every code validateFeature gives besides the geometry's (GEOMETRY_ISSUE_CODES) and an attributes
 * field's (ATTRIBUTE_ISSUE_CODES); each has a message in the UI's languages (import.issue.<code>).
 */
export const FEATURE_ISSUE_CODES = [
	'feature.not-object',
	'feature.type',
	'feature.unknown-member',
	'properties.not-object',
	'field.unknown',
	'field.required',
	'field.type',
	'field.too-long',
	'field.range',
	'field.format',
	'field.enum'
] as const;
export type FeatureIssueCode = (typeof FEATURE_ISSUE_CODES)[number] | AttributeIssueCode | GeometryIssueCode | VectorIssueCode;
type ValidationIssue = AnyIssue<FeatureIssueCode>;
const issue = (code: FeatureIssueCode, message: string, path: string, params?: IssueParams): ValidationIssue => makeIssue(code, message, path, params);
import { DEFAULT_TIME_ZONE } from './time/time-zone';
import type { VectorIssueCode } from './vector-records';

export type Properties = Record<string, unknown>;

export type WriteMode = 'create' | 'patch';

export interface ValidatedFeature {
	/** Absent on a patch that leaves the geometry as it is. */
	geometry?: Geometry;
	/** On create: the full properties with defaults. On patch: only the changes; `null` removes a field. */
	properties: Properties;
}

export type ValidationResult = { ok: true; value: ValidatedFeature } | { ok: false; issues: ValidationIssue[] };

const ALLOWED_MEMBERS = new Set(['type', 'id', 'geometry', 'properties', 'bbox', 'version']);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateFeature(
	def: KindDef,
	input: unknown,
	mode: WriteMode,
	options: { now?: Date; limits?: GeometryLimits; timeZone?: string } = {}
): ValidationResult {
	if (!isObject(input)) {
		return { ok: false, issues: [issue('feature.not-object', 'Send a GeoJSON Feature object.', '')] };
	}
	const issues: ValidationIssue[] = [];
	if (input.type !== undefined && input.type !== 'Feature') {
		issues.push(issue('feature.type', `Expected a GeoJSON "Feature", got "${String(input.type)}".`, 'type', { found: String(input.type).slice(0, 40) }));
	}
	for (const key of Object.keys(input)) {
		if (!ALLOWED_MEMBERS.has(key)) issues.push(issue('feature.unknown-member', `Unknown member "${key}".`, key, { name: key.slice(0, 40) }));
	}

	const value: ValidatedFeature = { properties: {} };
	if (mode === 'create' || input.geometry !== undefined) {
		const geometryIssues = validateGeometry(input.geometry, def.geometry, options.limits ?? DEFAULT_GEOMETRY_LIMITS);
		issues.push(...geometryIssues);
		if (geometryIssues.length === 0) value.geometry = cleanGeometry(input.geometry as Geometry);
	}

	const props = input.properties ?? {};
	if (!isObject(props)) {
		issues.push(issue('properties.not-object', 'properties must be an object.', 'properties'));
	} else {
		issues.push(...validateProperties(def, props, mode, value.properties, options.now ?? new Date()));
		// Checks of the whole record (a patch's are run on the merged properties, by its action).
		if (issues.length === 0 && mode === 'create' && def.check) {
			issues.push(...def.check(value.properties, { now: options.now ?? new Date(), timeZone: options.timeZone ?? DEFAULT_TIME_ZONE }));
		}
	}
	return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function validateProperties(def: KindDef, props: Properties, mode: WriteMode, out: Properties, now: Date): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	const fields = fieldsOf(def);
	const known = new Map(fields.map((f) => [f.key, f]));
	for (const [key, raw] of Object.entries(props)) {
		const field = known.get(key);
		const path = `properties.${key}`;
		if (!field) {
			issues.push(issue('field.unknown', `"${key}" is not a field of ${def.label.en.toLowerCase()}.`, path, { kind: def.kind, name: key.slice(0, 40) }));
			continue;
		}
		if (raw === null || raw === undefined) {
			if (field.required) issues.push(issue('field.required', `${field.label.en} is required.`, path, { kind: def.kind, field: key }));
			else if (mode === 'patch') out[key] = null;
			continue;
		}
		const problem = checkValue(field, raw);
		if (problem) issues.push(issue(problem.code, problem.message, path, { kind: def.kind, field: key, ...problem.params }));
		else out[key] = typeof raw === 'string' && field.type !== 'text' ? raw.trim() : raw;
	}
	if (mode === 'create') {
		for (const field of fields) {
			if (out[field.key] !== undefined) continue;
			if (field.default !== undefined) out[field.key] = field.default === '$now' ? now.toISOString() : field.default;
			else if (field.required) issues.push(issue('field.required', `${field.label.en} is required.`, `properties.${field.key}`, { kind: def.kind, field: field.key }));
		}
	}
	return issues;
}

/** `params.expected` says what the value should have been (a number, a whole number, a date, …). */
function checkValue(field: FieldDef, v: unknown): { code: FeatureIssueCode; message: string; params?: IssueParams } | null {
	const name = field.label.en;
	switch (field.type) {
		case 'string':
		case 'text':
			if (typeof v !== 'string') return { code: 'field.type', message: `${name} must be text.`, params: { expected: 'text' } };
			if (field.maxLength !== undefined && v.length > field.maxLength) {
				return { code: 'field.too-long', message: `${name} is longer than ${field.maxLength} characters.`, params: { limit: field.maxLength } };
			}
			return null;
		case 'integer':
		case 'number': {
			if (typeof v !== 'number' || !Number.isFinite(v)) return { code: 'field.type', message: `${name} must be a number.`, params: { expected: 'number' } };
			if (field.type === 'integer' && !Number.isInteger(v)) return { code: 'field.type', message: `${name} must be a whole number.`, params: { expected: 'integer' } };
			if ((field.min !== undefined && v < field.min) || (field.max !== undefined && v > field.max)) {
				return {
					code: 'field.range',
					message: `${name} must be between ${field.min ?? '−∞'} and ${field.max ?? '∞'}${field.unit ? ' ' + field.unit : ''}.`,
					params: { value: v, min: field.min ?? '−∞', max: field.max ?? '∞', unit: field.unit ?? '' }
				};
			}
			return null;
		}
		case 'boolean':
			return typeof v === 'boolean' ? null : { code: 'field.type', message: `${name} must be true or false.`, params: { expected: 'boolean' } };
		case 'date':
			return typeof v === 'string' && DATE_RE.test(v) && !Number.isNaN(Date.parse(v))
				? null
				: { code: 'field.format', message: `${name} must be a date like 2026-05-31.`, params: { expected: 'date' } };
		case 'datetime':
			return typeof v === 'string' && DATETIME_RE.test(v) && !Number.isNaN(Date.parse(v))
				? null
				: { code: 'field.format', message: `${name} must be a date and time like 2026-05-31T09:30:00Z.`, params: { expected: 'datetime' } };
		case 'enum': {
			const values = (field.options ?? []).map((o) => o.value);
			return typeof v === 'string' && values.includes(v)
				? null
				: { code: 'field.enum', message: `${name} must be one of: ${values.join(', ')}.`, params: { value: String(v).slice(0, 40), allowed: values.join(', ') } };
		}
		case 'stringList':
			return Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length <= 500) && v.length <= 100
				? null
				: { code: 'field.type', message: `${name} must be a list of texts.`, params: { expected: 'list' } };
		case 'attributes':
			return attributeValuesProblem(name, v);
	}
}
