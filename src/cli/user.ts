// `amtsweg user …`, `amtsweg token …`, `amtsweg editor …`, `amtsweg audit …`: accounts, personal API tokens,
// scheduled publishing and the audit log from the terminal. Passwords never go on the command line (shell history,
// `ps`): they come from stdin (--password-stdin), from $AMTSWEG_PASSWORD, or are generated and printed once.

import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { auditCsv, auditQueryFrom } from '../features/auth/auth.audit.ts';
import { CLI_PRINCIPAL } from '../features/auth/auth.service.ts';
import { ALL_TENANTS, type Grant, isRole, ROLE_LABELS, ROLES } from '../features/auth/auth.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { printJson, reportError, withServices } from './context.ts';

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The password to set, and whether it was generated (then it is printed once). */
async function passwordFrom(opts: { passwordStdin?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin) return { password: await readStdinLine(), generated: false };
  if (process.env.AMTSWEG_PASSWORD) return { password: process.env.AMTSWEG_PASSWORD, generated: false };
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

function grantFrom(role: string, tenant: string | undefined): Grant {
  if (!isRole(role))
    throw new ValidationError(`unknown role "${role}"`, [{ field: 'role', message: `one of ${ROLES.join(', ')}` }]);
  return { role, tenantAgs: role === 'admin' ? ALL_TENANTS : (tenant ?? '') };
}

export function registerUserCommands(program: Command): void {
  const user = program
    .command('user')
    .description("editors' accounts: admin, county_editor, verband_editor, town_editor (roles per tenant)");

  user
    .command('add')
    .description('create an account (the first admin comes from here)')
    .requiredOption('--email <email>', 'e-mail address (sign-in name)')
    .requiredOption('--role <role>', `${ROLES.join(' | ')}`)
    .option(
      '--tenant <ags>',
      'key of the Kreis (county_editor, 5 digits), Gemeindeverband (verband_editor, 9) or town (town_editor, 8); not for admins',
    )
    .option('--name <name>', 'display name')
    .option(
      '--password-stdin',
      'read the password from the first line of stdin (else $AMTSWEG_PASSWORD, else one is generated)',
    )
    .action(async (opts: { email: string; role: string; tenant?: string; name?: string; passwordStdin?: boolean }) => {
      try {
        await withServices(async (s) => {
          const { password, generated } = await passwordFrom(opts);
          const created = await s.auth.createUser(
            { email: opts.email, name: opts.name ?? null, password, grants: [grantFrom(opts.role, opts.tenant)] },
            CLI_PRINCIPAL,
          );
          console.log(
            `account ${created.email} created: ${created.grants.map((g) => `${ROLE_LABELS[g.role]} ${g.tenantAgs}`).join(', ')}`,
          );
          if (generated) console.log(`initial password (shown once, pass it on securely): ${password}`);
        });
      } catch (error) {
        reportError(error);
      }
    });

  user
    .command('list')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) =>
      withServices(async (s) => {
        const users = await s.auth.listUsers();
        if (opts.json) return printJson(users);
        for (const u of users)
          console.log(
            `${u.email.padEnd(40)} ${u.active ? 'active  ' : 'disabled'} ${u.grants.map((g) => `${g.role}@${g.tenantAgs}`).join(', ')}`,
          );
      }).catch(reportError),
    );

  user
    .command('grant')
    .description('give an account another role (in another tenant)')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>')
    .option('--tenant <ags>')
    .action((opts: { email: string; role: string; tenant?: string }) =>
      withServices(async (s) => {
        const u = await s.auth.findUserByEmail(opts.email);
        if (!u) throw new NotFoundError(`no account ${opts.email}`);
        const updated = await s.auth.setGrants(u.id, [...u.grants, grantFrom(opts.role, opts.tenant)], CLI_PRINCIPAL);
        console.log(`${updated.email}: ${updated.grants.map((g) => `${g.role}@${g.tenantAgs}`).join(', ')}`);
      }).catch(reportError),
    );

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    user
      .command(name)
      .description(active ? 'allow sign-in again' : 'stop sign-in and every session and token of the account')
      .requiredOption('--email <email>')
      .action((opts: { email: string }) =>
        withServices(async (s) => {
          const u = await s.auth.findUserByEmail(opts.email);
          if (!u) throw new NotFoundError(`no account ${opts.email}`);
          await s.auth.setActive(u.id, active, CLI_PRINCIPAL);
          console.log(`${u.email} ${active ? 'enabled' : 'disabled'}`);
        }).catch(reportError),
      );
  }

  user
    .command('password')
    .description('set a new password (ends every session of the account)')
    .requiredOption('--email <email>')
    .option('--password-stdin', 'read it from stdin (else $AMTSWEG_PASSWORD, else one is generated)')
    .action((opts: { email: string; passwordStdin?: boolean }) =>
      withServices(async (s) => {
        const u = await s.auth.findUserByEmail(opts.email);
        if (!u) throw new NotFoundError(`no account ${opts.email}`);
        const { password, generated } = await passwordFrom(opts);
        await s.auth.setPassword(u.id, password, CLI_PRINCIPAL);
        console.log(`password of ${u.email} changed${generated ? `: ${password} (shown once)` : ''}`);
      }).catch(reportError),
    );

  const token = program
    .command('token')
    .description('personal API tokens (Authorization: Bearer amt_…), scoped by the account’s roles');
  token
    .command('create')
    .requiredOption('--email <email>', 'the account the token acts for')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires <iso>', 'expiry, e.g. 2026-12-31')
    .action((opts: { email: string; name: string; expires?: string }) =>
      withServices(async (s) => {
        const u = await s.auth.findUserByEmail(opts.email);
        if (!u) throw new NotFoundError(`no account ${opts.email}`);
        const { token: value, info } = await s.auth.createApiToken(
          u.id,
          { name: opts.name, expiresAt: opts.expires ?? null },
          CLI_PRINCIPAL,
        );
        console.error(`token ${info.id} for ${u.email} (shown once; stored only as a hash):`);
        console.log(value);
      }).catch(reportError),
    );
  token
    .command('list')
    .requiredOption('--email <email>')
    .action((opts: { email: string }) =>
      withServices(async (s) => {
        const u = await s.auth.findUserByEmail(opts.email);
        if (!u) throw new NotFoundError(`no account ${opts.email}`);
        printJson(await s.auth.listApiTokens(u.id));
      }).catch(reportError),
    );
  token
    .command('revoke')
    .requiredOption('--email <email>')
    .requiredOption('--id <id>', 'the token id (amt_<id>_…)')
    .action((opts: { email: string; id: string }) =>
      withServices(async (s) => {
        const u = await s.auth.findUserByEmail(opts.email);
        if (!u) throw new NotFoundError(`no account ${opts.email}`);
        await s.auth.revokeApiToken(u.id, opts.id, CLI_PRINCIPAL);
        console.log(`token ${opts.id} revoked`);
      }).catch(reportError),
    );

  program
    .command('editor')
    .description("editors' workspace maintenance")
    .command('run-schedules')
    .description('publish/unpublish whatever is due now (the server does this every minute; for cron without a server)')
    .action(() =>
      withServices(async (s) => {
        const ran = await s.editor.runDueSchedules(new Date());
        const purged = await s.auth.purgeExpiredSessions();
        const kept = await s.maintenance();
        for (const r of ran)
          console.log(
            `${r.ok ? 'ok    ' : 'FAILED'} ${r.action} ${r.type} ${r.id}${r.message ? `: ${r.message}` : ''}`,
          );
        console.log(
          `${ran.length} scheduled action(s), ${purged} expired session(s) removed; ${kept.notices} catalog notice(s) delivered, ${kept.reports} closed report(s) and ${kept.inboxItems} read inbox item(s) past retention deleted`,
        );
        if (ran.some((r) => !r.ok)) process.exitCode = 1;
      }).catch(reportError),
    );

  program
    .command('audit')
    .description('the audit log as CSV on stdout')
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .option('--actor <email>')
    .option('--action <action>', 'e.g. publish, login.failed')
    .option('--tenant <ags>')
    .action((opts: { from?: string; to?: string; actor?: string; action?: string; tenant?: string }) =>
      withServices(async (s) => {
        process.stdout.write(auditCsv(await s.auth.queryAudit(auditQueryFrom(opts, 1_000_000))));
      }).catch(reportError),
    );
}
