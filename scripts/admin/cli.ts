import { parseArgs } from 'node:util';
import { isDatabaseUnavailable } from '../../api/http/infrastructure';
import { createPrismaClient } from '../../prisma/client';
import { ConfigError, parseEnvironment } from '../../shared/config';
import {
  AdminError,
  addContact,
  createKey,
  createMinistry,
  createOrganisation,
  createUser,
  deactivateContact,
  disableUser,
  enrolTotp,
  listKeys,
  listMinistries,
  listOrganisations,
  listUsers,
  removeTotp,
  resetPassword,
  revokeKey,
} from './commands';
import { resolveAdminDatabaseUrl } from './database-url';
import { adminProcessingLog } from './processing-log';
import { eventsConfigForAdmin, subscribe, subscriptionsOf, unsubscribe } from './subscription-commands';

const USAGE = `signaalloket admin CLI (works on DATABASE_URL, or on the embedded database of \`npm start\`)

  npm run admin -- org create --code RIEC-NH --name "RIEC Noord-Holland" [--kind riec|liec|other] [--email riec@example.nl]
  npm run admin -- org list
  npm run admin -- ministry create --code JenV --name "Ministerie van Justitie en Veiligheid" [--name-en "Ministry of Justice and Security"]
  npm run admin -- ministry list
  npm run admin -- contact add --ministry JenV --name "A. Jansen" --email a.jansen@minjenv.example [--role contact|escalation]
  npm run admin -- contact deactivate --ministry JenV --email a.jansen@minjenv.example   (revokes their response links at once)
  npm run admin -- user create --email c.de.vries@liec.example --name "C. de Vries" --role coordinator|lead|admin
  npm run admin -- user password --email c.de.vries@liec.example      (new dashboard password, shown once; ends the user's sessions)
  npm run admin -- user disable --email c.de.vries@liec.example       (ends the user's sessions; the user's API keys stop working)
  npm run admin -- user totp --email c.de.vries@liec.example          (TOTP for the dashboard login: prints an otpauth URI once; needs TOTP_ENCRYPTION_KEY)
  npm run admin -- user totp-remove --email c.de.vries@liec.example   (back to the password alone)
  npm run admin -- user list
  npm run admin -- key create --org RIEC-NH | --user c.de.vries@liec.example [--label "..."] [--expires 2027-12-31 | --expires 365]
  npm run admin -- key list [--org RIEC-NH | --user c.de.vries@liec.example]
  npm run admin -- key revoke --prefix 1a2b3c4d5e6f          (the prefix from key list, or the whole key)
  npm run admin -- subscription create --org RIEC-NH | --user c.de.vries@liec.example --endpoint https://… --events submitted,sent,closed --token-file token.txt [--description "…"]
                                                             (events: submitted, review_decided, sent, acknowledged, reply_forwarded, closed, withdrawn, deadline_passed;
                                                              the file, or - for stdin, holds the Bearer token the endpoint expects)
  npm run admin -- subscription list --org RIEC-NH | --user c.de.vries@liec.example
  npm run admin -- subscription delete --org RIEC-NH | --user … --id <subscription id>
`;

const OPTIONS = {
  code: { type: 'string' },
  name: { type: 'string' },
  'name-en': { type: 'string' },
  kind: { type: 'string' },
  email: { type: 'string' },
  ministry: { type: 'string' },
  role: { type: 'string' },
  org: { type: 'string' },
  user: { type: 'string' },
  label: { type: 'string' },
  expires: { type: 'string' },
  prefix: { type: 'string' },
  endpoint: { type: 'string' },
  events: { type: 'string' },
  'token-file': { type: 'string' },
  description: { type: 'string' },
  id: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new AdminError(`--${name} is required (see --help)`);
  return value;
}

const optional = (values: Values, name: keyof Values): string | undefined =>
  typeof values[name] === 'string' ? values[name] : undefined;

const dashboardSessions = (count: number) => `${count} dashboard session${count === 1 ? '' : 's'}`;
const date = (value: Date | null) => (value ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

export interface AdminIo {
  /** Results (a new key goes here alone, so `$(npm run --silent admin -- key create …)` captures just the key). */
  out(line: string): void;
  /** Messages for the person at the terminal. */
  err(line: string): void;
}

async function run(argv: string[], io: AdminIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const [resource, action] = positionals;
  if (values.help || !resource || !action) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const prisma = createPrismaClient(resolveAdminDatabaseUrl(env), { poolSize: 2 });
  try {
    switch (`${resource} ${action}`) {
      case 'org create': {
        const org = await createOrganisation(prisma, {
          code: required(values, 'code'),
          name: required(values, 'name'),
          kind: optional(values, 'kind'),
          email: optional(values, 'email'),
        });
        io.out(`organisation ${org.code} created (${org.name}, ${org.kind})`);
        break;
      }
      case 'org list':
        for (const org of await listOrganisations(prisma)) {
          io.out(`${org.code}\t${org.kind}\t${org.name}\t${org.notifyEmail ?? '-'}`);
        }
        break;
      case 'ministry create': {
        const ministry = await createMinistry(prisma, {
          code: required(values, 'code'),
          name: required(values, 'name'),
          nameEn: optional(values, 'name-en'),
        });
        io.out(`ministry ${ministry.code} created (${ministry.name})`);
        break;
      }
      case 'ministry list':
        for (const ministry of await listMinistries(prisma)) {
          io.out(`${ministry.code}\t${ministry.name}`);
          for (const contact of ministry.contacts) {
            io.out(
              `  ${contact.role}\t${contact.email}\t${contact.name}${contact.active ? '' : '\t(inactive)'}`,
            );
          }
        }
        break;
      case 'contact add': {
        const contact = await addContact(
          prisma,
          {
            ministry: required(values, 'ministry'),
            name: required(values, 'name'),
            email: required(values, 'email'),
            role: optional(values, 'role'),
          },
          adminProcessingLog(env),
        );
        io.out(`${contact.role} ${contact.email} added to ${required(values, 'ministry')}`);
        break;
      }
      case 'contact deactivate': {
        const { revokedLinks } = await deactivateContact(
          prisma,
          { ministry: required(values, 'ministry'), email: required(values, 'email') },
          adminProcessingLog(env),
        );
        io.out(
          `${required(values, 'email')} deactivated; ${revokedLinks} response link${revokedLinks === 1 ? '' : 's'} revoked`,
        );
        break;
      }
      case 'user create': {
        const user = await createUser(
          prisma,
          {
            email: required(values, 'email'),
            name: required(values, 'name'),
            role: required(values, 'role'),
          },
          adminProcessingLog(env),
        );
        io.out(
          `user ${user.email} created (${user.role}); set a dashboard password with: user password --email ${user.email}`,
        );
        break;
      }
      case 'user password': {
        const { user, password, endedSessions } = await resetPassword(
          prisma,
          { email: required(values, 'email') },
          adminProcessingLog(env),
        );
        io.out(`new dashboard password for ${user.email} (shown once): ${password}`);
        io.out(
          `${dashboardSessions(endedSessions)} of ${user.email} ended; the old password no longer works`,
        );
        break;
      }
      case 'user disable': {
        const { user, endedSessions } = await disableUser(
          prisma,
          { email: required(values, 'email') },
          adminProcessingLog(env),
        );
        io.out(
          `${user.email} disabled; ${dashboardSessions(endedSessions)} ended and its API keys no longer work`,
        );
        break;
      }
      case 'user totp': {
        const { user, uri } = await enrolTotp(
          prisma,
          { email: required(values, 'email') },
          adminProcessingLog(env),
          parseEnvironment(env).TOTP_ENCRYPTION_KEY,
        );
        io.err(
          `TOTP for ${user.email}: add this to an authenticator app (as a QR code or by hand); shown only once.`,
        );
        io.err('From the next login on, the dashboard asks this account for a code after its password.');
        io.out(uri);
        break;
      }
      case 'user totp-remove': {
        const { user, hadTotp } = await removeTotp(
          prisma,
          { email: required(values, 'email') },
          adminProcessingLog(env),
        );
        io.out(
          hadTotp
            ? `TOTP removed for ${user.email}; the password alone logs in`
            : `${user.email} had no TOTP`,
        );
        break;
      }
      case 'user list':
        for (const user of await listUsers(prisma)) {
          const marks = [
            user.oidcSubject ? '(identity provider)' : '',
            user.totpSecret ? '(totp)' : '',
            user.disabledAt ? '(disabled)' : '',
          ].filter(Boolean);
          io.out([user.email, user.role, user.name, ...marks].join('\t'));
        }
        break;
      case 'key create': {
        const { key, row } = await createKey(prisma, {
          org: optional(values, 'org'),
          user: optional(values, 'user'),
          label: optional(values, 'label'),
          expires: optional(values, 'expires'),
        });
        io.err(`API key ${row.prefix} (${row.label}) created, expires ${date(row.expiresAt)}.`);
        io.err('Store it now: it is shown only this once and cannot be recovered.');
        io.out(key);
        break;
      }
      case 'key list':
        for (const key of await listKeys(prisma, {
          org: optional(values, 'org'),
          user: optional(values, 'user'),
        })) {
          const owner = key.organisation
            ? `org:${key.organisation.code}`
            : `user:${key.user?.email}(${key.user?.role})`;
          const state = key.revokedAt
            ? 'revoked'
            : key.expiresAt && key.expiresAt <= new Date()
              ? 'expired'
              : 'active';
          io.out(
            `${key.prefix}\t${state}\t${owner}\t${key.label}\tcreated ${date(key.createdAt)}\texpires ${date(key.expiresAt)}\tlast used ${date(key.lastUsedAt)}`,
          );
        }
        break;
      case 'key revoke': {
        const { key, alreadyRevoked } = await revokeKey(prisma, { prefix: required(values, 'prefix') });
        io.out(alreadyRevoked ? `key ${key.prefix} was already revoked` : `key ${key.prefix} revoked`);
        break;
      }
      case 'subscription create': {
        const subscription = await subscribe(prisma, eventsConfigForAdmin(env), {
          org: optional(values, 'org'),
          user: optional(values, 'user'),
          endpoint: required(values, 'endpoint'),
          events: required(values, 'events'),
          tokenFile: required(values, 'token-file'),
          description: optional(values, 'description'),
        });
        io.err(`subscribed ${subscription.endpoint} to ${subscription.eventTypes.join(', ')}`);
        io.out(subscription.id);
        break;
      }
      case 'subscription list':
        for (const subscription of await subscriptionsOf(prisma, {
          org: optional(values, 'org'),
          user: optional(values, 'user'),
        })) {
          io.out(
            `${subscription.id}\t${subscription.status}\t${subscription.endpoint}\t${subscription.eventTypes.join(',')}\tcreated ${date(subscription.createdAt)}${subscription.endedReason ? `\t(${subscription.endedReason})` : ''}`,
          );
        }
        break;
      case 'subscription delete': {
        const ended = await unsubscribe(prisma, {
          org: optional(values, 'org'),
          user: optional(values, 'user'),
          id: required(values, 'id'),
        });
        io.out(`subscription ${ended.id} deleted; nothing more is sent to ${ended.endpoint}`);
        break;
      }
      default:
        throw new AdminError(`unknown command: ${resource} ${action} (see --help)`);
    }
  } finally {
    await prisma.$disconnect();
  }
  return 0;
}

/** The admin CLI: runs one command and answers its exit code (0 done, 1 failed, 2 wrong usage). */
export async function runAdminCli(
  argv: string[],
  io: AdminIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: AdminIo): number {
  if (
    error instanceof AdminError ||
    error instanceof ConfigError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    io.err(`admin: ${(error as Error).message}`);
    return 2;
  }
  if (isDatabaseUnavailable(error)) {
    io.err(
      'admin: cannot reach the database; set DATABASE_URL, or start the product with `npm start` first.',
    );
    return 1;
  }
  // Prisma's messages carry a code frame; the last line is the sentence that matters.
  const message =
    error instanceof Error ? (error.message.trim().split('\n').at(-1) ?? error.message) : String(error);
  io.err(`admin: failed: ${message}`);
  return 1;
}
