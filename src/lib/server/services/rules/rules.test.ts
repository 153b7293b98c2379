import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db';
import { DEFAULT_RULES } from '../../../domain/rules';
import { mergeRules, RulesService, rulesDocument, validateRuleOverrides } from './rules';
import { DEFAULT_VECTOR_LEVELS, LEVEL_GRADES, VECTOR_INDEX_KEYS, VECTOR_LEVEL_SOURCES } from '../../../domain/vector-levels';
import { settings } from '../../db/schema';
import { SqliteSettingsStore } from '../../repositories/settings';
import type { Db } from '../../db';

const rulesOver = (db: Db, clock?: () => Date) => new RulesService(new SqliteSettingsStore(db), clock);

describe('validateRuleOverrides', () => {
	it('accepts a partial document and returns exactly what it sets', () => {
		const input = Object.freeze({ binWalkingRadiusM: 60, binSpacingM: Object.freeze({ alley: 250 }) });
		expect(validateRuleOverrides(input)).toEqual({ ok: true, value: { binWalkingRadiusM: 60, binSpacingM: { alley: 250 } } });
	});

	it('reports every problem with its path, never throwing', () => {
		const r = validateRuleOverrides({ binWalkingRadiusM: 0, hotspotDeadlineDays: 1.5, binSpacingM: { lane: 1, main: 'x' }, colour: 'red' });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.issues.map((i) => [i.code, i.path])).toEqual([
			['rules.out-of-range', 'binWalkingRadiusM'],
			['rules.not-integer', 'hotspotDeadlineDays'],
			['rules.unknown-road-class', 'binSpacingM.lane'],
			['rules.not-number', 'binSpacingM.main'],
			['rules.unknown', 'colour']
		]);
		expect(validateRuleOverrides(null).ok).toBe(false);
	});
});

describe('mergeRules', () => {
	it('merges spacing class by class over the defaults', () => {
		expect(mergeRules({ binSpacingM: { alley: 300 } }).binSpacingM).toEqual({ ...DEFAULT_RULES.binSpacingM, alley: 300 });
		expect(mergeRules({})).toEqual(DEFAULT_RULES);
	});
});

describe('RulesService on a real database', () => {
	const clock = () => new Date('2026-05-01T08:00:00Z');

	it('starts at the defaults, stores overrides with who and when, and resets with an empty document', async () => {
		const service = rulesOver(openDatabase(':memory:'), clock);
		expect(await service.get()).toEqual({ rules: DEFAULT_RULES, overrides: {}, updatedAt: null, updatedBy: null });
		const put = await service.put({ collectionPointRadiusM: 70 }, 'planner');
		expect(put.ok && put.value).toEqual({
			rules: { ...DEFAULT_RULES, collectionPointRadiusM: 70 },
			overrides: { collectionPointRadiusM: 70 },
			updatedAt: '2026-05-01T08:00:00.000Z',
			updatedBy: 'planner'
		});
		await service.put({}, 'planner');
		expect((await service.get()).rules).toEqual(DEFAULT_RULES);
	});

	it('refuses an invalid document and keeps what was stored', async () => {
		const service = rulesOver(openDatabase(':memory:'), clock);
		await service.put({ binWalkingRadiusM: 60 }, 'a');
		expect((await service.put({ binWalkingRadiusM: 6000 }, 'b')).ok).toBe(false);
		expect(await service.get()).toMatchObject({ rules: { binWalkingRadiusM: 60 }, updatedBy: 'a' });
	});

	it('drops a stored value that no longer validates, rule by rule', async () => {
		const db = openDatabase(':memory:');
		const value = JSON.stringify({ binWalkingRadiusM: -1, hotspotDeadlineDays: 3, binSpacingM: { alley: 300, main: 0 } });
		db.insert(settings).values({ key: 'rules', value, updatedAt: 'x', updatedBy: 'y' }).run();
		expect((await rulesOver(db).get()).overrides).toEqual({ hotspotDeadlineDays: 3, binSpacingM: { alley: 300 } });
	});

	it('keeps the defaults in force over a stored text that is not JSON', async () => {
		const db = openDatabase(':memory:');
		db.insert(settings).values({ key: 'rules', value: '{"hotspotDeadlineDays": 3', updatedAt: 'x', updatedBy: 'y' }).run();
		expect(await rulesOver(db).get()).toEqual({ rules: DEFAULT_RULES, overrides: {}, updatedAt: 'x', updatedBy: 'y' });
	});
});

describe('vector density levels as rules', () => {
	it('sets thresholds index by index, null unsetting one, merged over the defaults with their sources kept', () => {
		const r = validateRuleOverrides({ vectorLevels: { mosquitoBreteauIndex: { A: 5, B: 10, C: 20 }, flyRoomPositivePct: { C: null } } });
		expect(r).toEqual({ ok: true, value: { vectorLevels: { mosquitoBreteauIndex: { A: 5, B: 10, C: 20 }, flyRoomPositivePct: { C: null } } } });
		const merged = mergeRules(r.ok ? r.value : {}).vectorLevels;
		expect(merged.mosquitoBreteauIndex).toEqual({ A: 5, B: 10, C: 20 });
		expect(merged.flyRoomPositivePct).toEqual({ A: null, B: null, C: null });
		expect(merged.cockroachInfestationPct).toEqual(DEFAULT_RULES.vectorLevels.cockroachInfestationPct);
	});

	it('refuses an unknown index or level, a negative figure, and a level stricter than the one before it', () => {
		const r = validateRuleOverrides({ vectorLevels: { bedbugs: { A: 1 }, flyRoomPositivePct: { D: 1 }, mosquitoHouseIndex: { A: -1 }, rodentTrapCapturePct: { B: 6, C: 3 } } });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.issues.map((i) => [i.code, i.path])).toEqual([
			['rules.unknown-index', 'vectorLevels.bedbugs'],
			['rules.unknown-level', 'vectorLevels.flyRoomPositivePct.D'],
			['rules.out-of-range', 'vectorLevels.mosquitoHouseIndex.A'],
			['rules.level-order', 'vectorLevels.rodentTrapCapturePct']
		]);
	});

	it('a stored value that no longer validates is dropped index by index', async () => {
		const db = openDatabase(':memory:');
		db.insert(settings).values({ key: 'rules', value: JSON.stringify({ vectorLevels: { flyRoomPositivePct: { C: 7 }, cockroachInfestationPct: { C: -3 } } }), updatedAt: 'x', updatedBy: 'y' }).run();
		const { rules } = await rulesOver(db).get();
		expect(rules.vectorLevels.flyRoomPositivePct.C).toBe(7);
		expect(rules.vectorLevels.cockroachInfestationPct).toEqual(DEFAULT_RULES.vectorLevels.cockroachInfestationPct);
	});

	it('every default threshold names its document, clause and the pages it was found at; every unset one has none', () => {
		for (const index of VECTOR_INDEX_KEYS) {
			const source = VECTOR_LEVEL_SOURCES[index];
			expect(source.standard, index).toMatch(/^GB\/T 2777[0-3]-20(11|25)/);
			expect(source.note.zh.length * source.note.en.length, index).toBeGreaterThan(0);
			for (const grade of LEVEL_GRADES) {
				const value = DEFAULT_VECTOR_LEVELS[index][grade];
				const from = source.grades[grade];
				if (value === null) expect(from, `${index}.${grade}`).toBeNull();
				else {
					expect(from?.document, `${index}.${grade}`).toBeTruthy();
					expect(from!.clause.zh && from!.clause.en, `${index}.${grade}`).toBeTruthy();
					expect(from!.foundAt.length, `${index}.${grade}`).toBeGreaterThan(0);
					for (const url of from!.foundAt) expect(url).toMatch(/^https?:\/\//);
				}
			}
		}
	});

	it('GET /api/rules says which thresholds in force an administrator set rather than the sources', async () => {
		const db = openDatabase(':memory:');
		const service = rulesOver(db);
		expect(rulesDocument(await service.get()).vectorLevelSources.flyRoomPositivePct.overridden).toEqual([]);
		const set = await service.put({ vectorLevels: { flyRoomPositivePct: { B: 5, C: 8 } } }, 'admin');
		expect(set.ok).toBe(true);
		const doc = rulesDocument(await service.get());
		expect(doc.vectorLevelSources.flyRoomPositivePct).toMatchObject({ overridden: ['B', 'C'], grades: { C: { document: 'GB/T 27772-2011' } } });
		expect(doc.vectorLevelSources.cockroachInfestationPct.overridden).toEqual([]);
		expect(doc.updatedBy).toBe('admin');
	});
});
