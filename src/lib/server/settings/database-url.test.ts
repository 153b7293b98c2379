import { describe, expect, it } from 'vitest';
import { classifyDatabaseUrl } from './database-url';

const root = '/opt/sanimap';

describe('classifyDatabaseUrl', () => {
	it('reads a path, file: or sqlite: as the SQLite file, relative to the app', () => {
		expect(classifyDatabaseUrl('var/sanimap.db', root)).toEqual({ store: 'sqlite', path: '/opt/sanimap/var/sanimap.db' });
		expect(classifyDatabaseUrl('/srv/data/town.db', root)).toEqual({ store: 'sqlite', path: '/srv/data/town.db' });
		expect(classifyDatabaseUrl('file:var/town.db', root)).toEqual({ store: 'sqlite', path: '/opt/sanimap/var/town.db' });
		expect(classifyDatabaseUrl('file:///srv/town.db', root)).toEqual({ store: 'sqlite', path: '/srv/town.db' });
		expect(classifyDatabaseUrl('sqlite:/srv/town.db', root)).toEqual({ store: 'sqlite', path: '/srv/town.db' });
		expect(classifyDatabaseUrl('SQLite:///srv/town.db', root)).toEqual({ store: 'sqlite', path: '/srv/town.db' });
		expect(classifyDatabaseUrl('C:\\sanimap\\town.db', root).store).toBe('sqlite');
	});

	it('tells PostgreSQL URLs and unknown stores apart from paths', () => {
		expect(classifyDatabaseUrl('postgres://u:p@db.example.org:5432/sanimap', root)).toEqual({ store: 'postgres', url: 'postgres://u:p@db.example.org:5432/sanimap' });
		expect(classifyDatabaseUrl('postgresql://db/sanimap', root).store).toBe('postgres');
		expect(classifyDatabaseUrl('POSTGRES://db/sanimap', root).store).toBe('postgres');
		expect(classifyDatabaseUrl('mysql://db/sanimap', root)).toEqual({ store: 'unknown', scheme: 'mysql' });
	});
});
