/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (what `prisma migrate deploy` does). */
import { parseEnvironment } from '../../shared/config';
import { applyMigrations } from './migrations';

async function main(): Promise<void> {
  const env = parseEnvironment();
  if (!env.DATABASE_URL)
    throw new Error('set DATABASE_URL to the database to migrate (npm start migrates its own)');
  const applied = await applyMigrations(env.DATABASE_URL);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
}

main().then(
  // The WebAssembly engine leaves a timer behind; a command-line tool ends when its work is done.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
