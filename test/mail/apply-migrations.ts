/**
 * Applies the migrations of one folder to one database, in a process of its own (Prisma's WebAssembly schema
 * engine cannot load inside jest): `node --import tsx test/mail/apply-migrations.ts <url> <folder>`.
 */
import { applyMigrationsFrom } from '../../scripts/db/migrations';

const [url, dir] = process.argv.slice(2);
applyMigrationsFrom(url!, dir!).then(
  (applied) => {
    console.log(JSON.stringify(applied));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
