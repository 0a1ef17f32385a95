import { runAdminCli } from './admin/cli';

/** `npm run admin -- <resource> <action> [options]`; see scripts/admin/cli.ts (or `--help`). */
void runAdminCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
