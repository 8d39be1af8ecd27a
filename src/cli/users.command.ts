import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { ROLES } from '../auth/roles.js';
import { usageError } from './cli-error.js';
import { cliActor, withApp } from './context.js';
import { printTable } from './output.js';

/** The application's modules load only when a command runs, so `--help` answers at once. */
const load = async () => {
  const [{ AuthService }, dto, { auditCli }, { validateInput }] = await Promise.all([
    import('../auth/auth.service.js'),
    import('../auth/dto/auth.dto.js'),
    import('./audit.js'),
    import('./validate.js'),
  ]);
  return { AuthService, ...dto, auditCli, validateInput };
};

const roleOption = () => new Option('--role <role>', 'the role').choices([...ROLES]).makeOptionMandatory();

/** `users …` and `api-keys …`: accounts and app credentials, through the auth service. */
export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('user accounts (admin, editor, author, reader)');

  users
    .command('create')
    .description('create a user account; without --password one is generated and printed once')
    .requiredOption('--email <email>', 'login email')
    .addOption(roleOption())
    .option('--password <password>', 'at least 8 characters (prefer leaving it out: a strong one is generated)')
    .option('--name <displayName>', 'name shown to colleagues')
    .addHelpText('after', '\nExample:\n  npm run cli -- users create --email anna@example.com --role editor --name "Anna Petrova"')
    .action(async (options: { email: string; role: string; password?: string; name?: string }) => {
      const { AuthService, CreateUserInput, auditCli, validateInput } = await load();
      const generated = options.password === undefined;
      const password = options.password ?? randomBytes(15).toString('base64url');
      const input = await validateInput(CreateUserInput, { email: options.email, role: options.role, password, displayName: options.name });
      if (input.errors) throw usageError(`VALIDATION_FAILED: ${input.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      await withApp(async (app) => {
        const user = await app.get(AuthService, { strict: false }).createUser(input.value);
        await auditCli(app, { action: 'user.create', entityType: 'user', entityId: user.id, detail: { email: user.email, role: user.role } });
        process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
        if (generated) process.stdout.write(`Password (shown this once): ${password}\n`);
      });
    });

  users
    .command('list')
    .description('list user accounts')
    .option('--json', 'one JSON object per line instead of a table')
    .addHelpText('after', '\nExample:\n  npm run cli -- users list')
    .action(async (options: { json?: boolean }) => {
      const { AuthService } = await load();
      await withApp(async (app) => {
        const rows = (await app.get(AuthService, { strict: false }).listUsers()).map((u) => ({
          id: u.id,
          email: u.email,
          role: u.role,
          name: u.displayName,
          created: u.createdAt.toISOString(),
        }));
        printTable(rows, options.json);
      });
    });

  const keys = program.command('api-keys').description('API keys for apps (sent as Authorization: Bearer <key>)');

  keys
    .command('create')
    .description('create an API key; the key is printed once')
    .requiredOption('--name <name>', 'what the key is for')
    .addOption(roleOption())
    .addHelpText('after', '\nExample:\n  npm run cli -- api-keys create --name "iOS app" --role reader')
    .action(async (options: { name: string; role: string }) => {
      const { AuthService, CreateApiKeyInput, auditCli, validateInput } = await load();
      const input = await validateInput(CreateApiKeyInput, { name: options.name, role: options.role });
      if (input.errors) throw usageError(`VALIDATION_FAILED: ${input.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      await withApp(async (app) => {
        const key = await app.get(AuthService, { strict: false }).createApiKey(cliActor(), input.value);
        await auditCli(app, { action: 'apiKey.create', entityType: 'apiKey', entityId: key.id, detail: { name: key.name, role: key.role } });
        process.stdout.write(`Created ${key.role} key "${key.name}" (id ${key.id}). The key, shown this once:\n${key.key}\n`);
      });
    });

  keys
    .command('list')
    .description('list API keys (never the keys themselves)')
    .option('--json', 'one JSON object per line instead of a table')
    .addHelpText('after', '\nExample:\n  npm run cli -- api-keys list')
    .action(async (options: { json?: boolean }) => {
      const { AuthService } = await load();
      await withApp(async (app) => {
        const rows = (await app.get(AuthService, { strict: false }).listApiKeys()).map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          role: k.role,
          created: k.createdAt.toISOString(),
          lastUsed: k.lastUsedAt?.toISOString() ?? '-',
        }));
        printTable(rows, options.json);
      });
    });
}
