/**
 * Inspection templates, versioned (`inspection_templates` names each template's current version,
 * `inspection_template_versions` keeps every version whole). A template is never deleted and a
 * version never changes: an inspection scored with version 3 reads version 3 after the template has
 * moved on. Definitions are JSON text on SQLite and jsonb on PostgreSQL; they come out parsed.
 */
import type { InspectionTemplate, InspectionTemplateInput } from '../../domain/api-types';

export type { InspectionTemplate, InspectionTemplateInput };

/** Who writes and when (ISO 8601 UTC). */
export interface TemplateStamp {
	at: string;
	by: string;
}

/** What `appendVersion` answers. */
export type AppendOutcome =
	| { ok: true; template: InspectionTemplate }
	| { ok: false; reason: 'not-found' }
	/** The template is no longer at the version the change was based on; nothing was stored. */
	| { ok: false; reason: 'stale'; current: InspectionTemplate };

export interface TemplateStore {
	/**
	 * Stores each of `templates` as a new template at version 1 when there are none at all (a new
	 * project), atomically: of two servers starting on one new database, one stores them and the
	 * other none. Answers whether they were stored.
	 */
	insertIfEmpty(templates: readonly InspectionTemplateInput[], stamp: TemplateStamp): Promise<boolean>;
	/** The current version of every template, by id. */
	list(): Promise<InspectionTemplate[]>;
	/** The current version, or undefined when there is no such template. */
	get(id: number): Promise<InspectionTemplate | undefined>;
	/** One stored version, or undefined when the template or the version does not exist. */
	version(id: number, version: number): Promise<InspectionTemplate | undefined>;
	/** A new template at version 1 with a new id, its row and first version in one transaction. */
	create(template: InspectionTemplateInput, stamp: TemplateStamp): Promise<InspectionTemplate>;
	/**
	 * `next` as the version after `basedOn`, made current, atomically: refused ('stale') when the
	 * template has moved past `basedOn` meanwhile, or was never at it.
	 */
	appendVersion(id: number, basedOn: number, next: InspectionTemplateInput, stamp: TemplateStamp): Promise<AppendOutcome>;
}
