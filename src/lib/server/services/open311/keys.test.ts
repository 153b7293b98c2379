import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db';
import { SqliteOpen311Store } from '../../repositories/open311';
import { ServiceError } from '../service-error';
import { DEFAULT_KEY_RATE_PER_HOUR, Open311KeyService } from './keys';

let now = Date.parse('2026-12-01T02:00:00.000Z');
let keys: Open311KeyService;

beforeAll(() => {
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'sanimap-keys-')), 'test.db'));
	keys = new Open311KeyService(new SqliteOpen311Store(db), () => new Date(now));
});

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(e: unknown) => e
	);

describe('Open311KeyService', () => {
	it('issues a key shown once, then knows it by the key alone', async () => {
		const issued = await keys.issue({ name: ' 12345 热线 ' }, 'admin');
		expect(issued).toEqual({ id: expect.any(Number), name: '12345 热线', ratePerHour: DEFAULT_KEY_RATE_PER_HOUR, createdAt: '2026-12-01T02:00:00.000Z', createdBy: 'admin', revokedAt: null, key: expect.stringMatching(/^o311_[A-Za-z0-9_-]{32}$/) });
		const { key, ...live } = issued;
		expect(await keys.verify(key)).toEqual(live);
		expect(await keys.verify(`${key}x`)).toBeNull();
		expect(await keys.verify(null)).toBeNull();
		expect((await keys.list()).find((k) => k.id === issued.id)).toEqual(live);
	});

	it('refuses a key without a name or with a rate out of range', async () => {
		for (const [body, code] of [
			[{ name: '' }, 'open311-key.name'],
			[{ name: 'x'.repeat(101) }, 'open311-key.name'],
			[{ name: 'client', ratePerHour: 0 }, 'open311-key.rate'],
			[{ name: 'client', ratePerHour: 1.5 }, 'open311-key.rate']
		] as const) {
			const error = await refusal(keys.issue(body, 'admin'));
			expect(error).toBeInstanceOf(ServiceError);
			expect((error as ServiceError).code).toBe(code);
		}
	});

	it('lists the newest key first', async () => {
		const older = await keys.issue({ name: 'older' }, 'admin');
		const newer = await keys.issue({ name: 'newer' }, 'admin');
		const ids = (await keys.list()).map((k) => k.id);
		expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
	});

	it('revokes a key: it is refused from then on, and revoking again keeps the first time', async () => {
		const { key, id } = await keys.issue({ name: 'revoked', ratePerHour: 5 }, 'admin');
		now += 60_000;
		expect(await keys.revoke(id)).toMatchObject({ id, revokedAt: '2026-12-01T02:01:00.000Z' });
		expect(await keys.verify(key)).toBeNull();
		now += 60_000;
		expect(await keys.revoke(id)).toMatchObject({ id, revokedAt: '2026-12-01T02:01:00.000Z' });
		const missing = await refusal(keys.revoke(id + 1_000));
		expect(missing).toMatchObject({ reason: 'not-found', code: 'open311-key.not-found' });
	});

	it('counts the posts of a key against its hourly rate', async () => {
		const { key } = await keys.issue({ name: 'limited', ratePerHour: 2 }, 'admin');
		const live = (await keys.verify(key))!;
		expect(keys.take(live)).toBe(0);
		expect(keys.take(live)).toBe(0);
		expect(keys.take(live)).toBeGreaterThan(0);
	});
});
