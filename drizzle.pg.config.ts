import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL store's migrations (`npx drizzle-kit generate --config drizzle.pg.config.ts`); the SQLite store's are in drizzle.config.ts. */
export default defineConfig({
	schema: './src/lib/server/db/postgres/schema.ts',
	out: './drizzle-pg',
	dialect: 'postgresql'
});
