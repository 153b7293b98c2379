/**
 * Inspection templates as data (like a kind): a target, items with stable keys, labels in zh-CN and
 * en, points and whether a failed item needs a photo, and a cadence. `checkTemplate` returns coded
 * issues naming the item; it never throws on user data. A stored template is versioned: an
 * inspection keeps the version it was scored with.
 */
import { INSPECTION_CADENCES, INSPECTION_TARGETS, type InspectionCadence, type InspectionItem, type InspectionTarget, type InspectionTemplateInput, type LocalText } from '../api-types';
import { issue, type ValidationIssue } from '../../issues';
import { COLLECTION } from '../kinds';

export const MAX_ITEMS = 50;
export const MAX_ITEM_POINTS = 1000;
const KEY = /^[a-z][a-z0-9-]{0,39}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkText(v: unknown, path: string, issues: ValidationIssue[]): LocalText | undefined {
	if (!isObject(v) || typeof v.zh !== 'string' || typeof v.en !== 'string' || !v.zh.trim() || !v.en.trim()) {
		issues.push(issue('template.text', `${path} needs {"zh": "…", "en": "…"}, both filled in.`, path));
		return undefined;
	}
	if (v.zh.length > 200 || v.en.length > 200) {
		issues.push(issue('template.text', `${path} may be at most 200 characters in each language.`, path));
		return undefined;
	}
	return { zh: v.zh.trim(), en: v.en.trim() };
}

export function checkCadence(v: unknown, issues: ValidationIssue[]): InspectionCadence | undefined {
	if (!INSPECTION_CADENCES.includes(v as InspectionCadence)) {
		issues.push(issue('template.cadence', `"cadence" must be one of ${INSPECTION_CADENCES.join(', ')}.`, 'cadence'));
		return undefined;
	}
	return v as InspectionCadence;
}

export function checkItems(v: unknown, issues: ValidationIssue[]): InspectionItem[] | undefined {
	if (!Array.isArray(v) || v.length === 0 || v.length > MAX_ITEMS) {
		issues.push(issue('template.items', `"items" must be a list of 1 to ${MAX_ITEMS} items.`, 'items'));
		return undefined;
	}
	const items: InspectionItem[] = [];
	const seen = new Set<string>();
	v.forEach((raw, i) => {
		const path = `items.${i}`;
		if (!isObject(raw)) {
			issues.push(issue('template.item', `Item ${i} must be an object { key, label, maxPoints, photoRequired }.`, path));
			return;
		}
		const key = raw.key;
		if (typeof key !== 'string' || !KEY.test(key)) {
			issues.push(issue('template.item.key', `Item ${i}: "key" must be lower-case letters, digits and dashes, starting with a letter (at most 40).`, `${path}.key`));
			return;
		}
		if (seen.has(key)) {
			issues.push(issue('template.item.duplicate', `Item "${key}" appears twice; every item needs its own key.`, `${path}.key`));
			return;
		}
		seen.add(key);
		const label = checkText(raw.label, `${path}.label`, issues);
		const max = raw.maxPoints;
		if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_ITEM_POINTS) {
			issues.push(issue('template.item.points', `Item "${key}": "maxPoints" must be a whole number from 1 to ${MAX_ITEM_POINTS}.`, `${path}.maxPoints`));
			return;
		}
		if (raw.photoRequired !== undefined && typeof raw.photoRequired !== 'boolean') {
			issues.push(issue('template.item.photo', `Item "${key}": "photoRequired" must be true or false.`, `${path}.photoRequired`));
			return;
		}
		const unknown = Object.keys(raw).find((k) => !['key', 'label', 'maxPoints', 'photoRequired'].includes(k));
		if (unknown) {
			issues.push(issue('template.item.unknown-member', `Item "${key}": unknown member "${unknown}".`, `${path}.${unknown}`));
			return;
		}
		if (label) items.push({ key, label, maxPoints: max, photoRequired: raw.photoRequired === true });
	});
	return items.length === v.length ? items : undefined;
}

export function checkName(v: unknown, issues: ValidationIssue[]): LocalText | undefined {
	return checkText(v, 'name', issues);
}

/** A new template as sent; `value` only when there are no issues. */
export function checkTemplate(input: unknown): { value?: InspectionTemplateInput; issues: ValidationIssue[] } {
	const issues: ValidationIssue[] = [];
	if (!isObject(input)) return { issues: [issue('template.invalid', 'Send a template { name, target, cadence, items }.', '')] };
	const unknown = Object.keys(input).find((k) => !['name', 'target', 'cadence', 'items'].includes(k));
	if (unknown) issues.push(issue('template.unknown-member', `Unknown member "${unknown}".`, unknown));
	const name = checkName(input.name, issues);
	if (!INSPECTION_TARGETS.includes(input.target as InspectionTarget)) {
		issues.push(issue('template.target', `"target" must be one of ${INSPECTION_TARGETS.join(', ')}.`, 'target'));
	}
	const cadence = checkCadence(input.cadence, issues);
	const items = checkItems(input.items, issues);
	if (issues.length > 0 || !name || !cadence || !items) return { issues };
	return { value: { name, target: input.target as InspectionTarget, cadence, items }, issues };
}

const item = (key: string, zh: string, en: string, maxPoints: number, photoRequired = false): InspectionItem => ({ key, label: { zh, en }, maxPoints, photoRequired });

/**
 * The templates a new project starts with, from the 卫生村 / 卫生社区 practice: the zone checklist of
 * the weekly supervision (周督查) and the shop frontage check (门前三包). The reports give the items,
 * not their weights; the points (100 in all) are ours, chosen so that the items that make a blind
 * spot or a breeding site weigh most, and an administrator changes them on the template screen.
 */
export const DEFAULT_TEMPLATES: readonly InspectionTemplateInput[] = [
	{
		name: { zh: '片区卫生周督查', en: 'Weekly zone inspection' },
		target: COLLECTION.zone,
		cadence: 'weekly',
		items: [
			item('daily-clearance', '垃圾日产日清', 'Rubbish cleared daily', 15),
			item('no-exposed-rubbish', '无暴露垃圾与卫生死角', 'No exposed rubbish or neglected corners', 15, true),
			item('bins-intact', '垃圾桶完好', 'Bins intact', 10),
			item('boards-current', '宣传栏按期更新', 'Display boards updated on time', 10),
			item('roads-clean', '道路硬化与保洁', 'Roads hardened and swept', 15),
			item('drains-clear', '沟渠畅通', 'Drains and ditches clear', 10, true),
			item('frontage-duties', '门前三包落实', 'Frontage duties kept', 10),
			item('vector-control', '病媒生物防制', 'Vector control', 15)
		]
	},
	{
		name: { zh: '商铺门前三包检查', en: 'Shop frontage check' },
		target: COLLECTION.shop,
		cadence: 'monthly',
		items: [
			item('frontage-clean', '门前卫生', 'Frontage clean', 40, true),
			item('frontage-order', '门前秩序', 'Frontage in order', 30),
			item('frontage-fixtures', '门前设施', 'Frontage fixtures', 30)
		]
	}
];
