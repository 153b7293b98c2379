/**
 * Inspection templates, stored versioned: the `inspection_templates` row names the current version,
 * and every version is kept whole in `inspection_template_versions`. A change names the version it
 * read (a stale one is a 409) and adds a version; nothing is overwritten, so an inspection keeps
 * the items and points it was scored with. A new project starts with the default templates.
 */
import type { InspectionTemplate, InspectionTemplateInput } from '../../../domain/api-types';
import type { TemplateStore } from '../../store/templates';
import { checkCadence, checkItems, checkName, checkTemplate, DEFAULT_TEMPLATES } from '../../../domain/inspections/template';
import { issue, type ValidationIssue } from '../../../issues';
import { ServiceError } from '../service-error';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(issues: ValidationIssue[]): ServiceError {
	const item = /^items\.(\d+)/.exec(issues[0]?.path ?? '');
	return new ServiceError('invalid', issues[0].code, issues.map((i) => i.message).join(' '), { issues, ...(item ? { item: Number(item[1]) } : {}) });
}

export class InspectionTemplateService {
	constructor(
		private readonly store: TemplateStore,
		private readonly clock: () => Date
	) {}

	private stamp(author: string) {
		return { at: this.clock().toISOString(), by: author };
	}

	/** Stores the default templates when there are none yet (a new project). */
	async ensureDefaults(author = 'sanimap'): Promise<void> {
		await this.store.insertIfEmpty(DEFAULT_TEMPLATES, this.stamp(author));
	}

	list(): Promise<InspectionTemplate[]> {
		return this.store.list();
	}

	/** The current version, or undefined. */
	get(id: number): Promise<InspectionTemplate | undefined> {
		return this.store.get(id);
	}

	/** One stored version of a template (what an inspection was scored with). */
	version(id: number, version: number): Promise<InspectionTemplate | undefined> {
		return this.store.version(id, version);
	}

	async require(id: number): Promise<InspectionTemplate> {
		const t = await this.get(id);
		if (!t) throw notFound(id);
		return t;
	}

	async create(body: unknown, author: string): Promise<InspectionTemplate> {
		const { value, issues } = checkTemplate(body);
		if (!value) throw invalid(issues);
		return this.store.create(value, this.stamp(author));
	}

	/** `{ version, name?, cadence?, items? }`: a new version; the target stays. */
	async update(id: number, body: unknown, author: string): Promise<InspectionTemplate> {
		if (!isObject(body)) throw new ServiceError('invalid', 'template.invalid', 'Send {"version": <the version read>, and any of "name", "cadence", "items"}.');
		const unknown = Object.keys(body).find((k) => !['version', 'name', 'cadence', 'items'].includes(k));
		if (unknown) {
			const why = unknown === 'target' ? ' A template keeps its target; make a new template for another target.' : '';
			throw new ServiceError('invalid', 'template.unknown-member', `Unknown member "${unknown}".${why}`);
		}
		if (!Number.isSafeInteger(body.version)) throw new ServiceError('version-required', 'version.required', 'Say which version of the template you edited: send "version".');
		const basedOn = body.version as number;
		const issues: ValidationIssue[] = [];
		const name = body.name === undefined ? undefined : checkName(body.name, issues);
		const cadence = body.cadence === undefined ? undefined : checkCadence(body.cadence, issues);
		const items = body.items === undefined ? undefined : checkItems(body.items, issues);
		if (body.name === undefined && body.cadence === undefined && body.items === undefined) issues.push(issue('template.empty', 'Nothing to change: send "name", "cadence" or "items".', ''));
		if (issues.length > 0) throw invalid(issues);
		const stamp = this.stamp(author);
		// The version read is the one the change is made over; the store refuses it if the template
		// moved on in between, so the check is the same as if it were made in the write.
		const current = await this.require(id);
		if (current.version !== basedOn) throw stale(basedOn, current);
		const next: InspectionTemplateInput = { name: name ?? current.name, target: current.target, cadence: cadence ?? current.cadence, items: items ?? current.items };
		const outcome = await this.store.appendVersion(id, basedOn, next, stamp);
		if (outcome.ok) return outcome.template;
		throw outcome.reason === 'not-found' ? notFound(id) : stale(basedOn, outcome.current);
	}
}

function notFound(id: number): ServiceError {
	return new ServiceError('not-found', 'inspection.template.not-found', `There is no inspection template ${id}.`, { templateId: id });
}

function stale(basedOn: number, current: InspectionTemplate): ServiceError {
	return new ServiceError('conflict', 'conflict', `The template was changed since version ${basedOn}: it is at version ${current.version} now. Reload it and make your change again.`, { current });
}
