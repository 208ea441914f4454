// The digest mail through nodemailer to a real SMTP server (smtp-server on 127.0.0.1, an ephemeral port) that this
// test starts: recipients, subject and the inbox items in the body; no mail when nothing is new or the interval has
// not passed; nothing at all when SMTP_URL is unset.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { type App, buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { createTestDb, type TestDb } from '../../db/testing.ts';
import { CLI_PRINCIPAL } from '../auth/auth.service.ts';
import { ALTDORF, importMiniKreis, KREIS, NEUSTADT } from '../checklist/testdata/load.ts';
import { loadMailConfig } from './notifications.mailer.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const PUBLIC_URL = 'https://amtsweg.example';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Quoted-printable as nodemailer writes it (=XX bytes of UTF-8); enough to read a plain German mail. */
function unQuote(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function bodyOf(raw: string): string {
  return unQuote(raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, ''));
}

/** The Subject header, unfolded, its encoded words (=?UTF-8?Q?…?=) decoded. */
function subjectOf(raw: string): string {
  const header = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = /^Subject: (.*)$/m.exec(header)?.[1] ?? '';
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, word: string) => unQuote(word.replace(/_/g, ' ')));
}

describe('the digest mail through a real SMTP server', () => {
  let smtp: SMTPServer;
  let smtpUrl = '';
  const inbox: Received[] = [];
  let db: TestDb;
  let app: App;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address).sort(),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

    db = await createTestDb('sqlite');
    const mail = loadMailConfig({
      NODE_ENV: 'test',
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'amtsweg Kreis Nord <amtsweg@kreis-nord.example>',
      DIGEST_INTERVAL_HOURS: '24',
    });
    app = await buildApp({ db, services: createServices(db, { mail, publicUrl: PUBLIC_URL }) });
    await importMiniKreis(app.services.catalog);
    const auth = app.services.auth;
    for (const [email, tenantAgs, role] of [
      ['anna@altdorf.example', ALTDORF, 'town_editor'],
      ['ben@altdorf.example', ALTDORF, 'town_editor'],
      ['nora@neustadt.example', NEUSTADT, 'town_editor'],
      ['kim@kreis.example', KREIS, 'county_editor'],
    ] as const)
      await auth.createUser(
        { email, password: 'korrekt-pferd-batterie', grants: [{ role, tenantAgs }] },
        CLI_PRINCIPAL,
      );
    const off = await auth.createUser(
      {
        email: 'alt@altdorf.example',
        password: 'korrekt-pferd-batterie',
        grants: [{ role: 'town_editor', tenantAgs: ALTDORF }],
      },
      CLI_PRINCIPAL,
    );
    await auth.setActive(off.id, false, CLI_PRINCIPAL);
    await app.services.notifications.addRecipient(ALTDORF, 'Buergerbuero@Altdorf.example');
  });
  after(async () => {
    await app.close();
    await db.cleanup();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  const report = (message: string) =>
    app.inject({
      method: 'POST',
      url: '/altdorf/leistungen/anmeldung/fehler-melden',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: `198.51.100.${inbox.length + 10}`,
      payload: form({ category: 'wrong_contact', message, email: '', website: '' }),
    });

  it('without SMTP_URL nothing is sent and nothing is marked as mailed', async () => {
    assert.equal((await report('Die Telefonnummer des Bürgerbüros stimmt nicht.')).statusCode, 200);
    const noMail = createServices(db, { mail: loadMailConfig({ NODE_ENV: 'test' }) });
    const result = await noMail.notifications.sendDigests();
    assert.deepEqual(result.sent, []);
    assert.match(result.skipped ?? '', /SMTP_URL/);
    assert.equal(inbox.length, 0);
  });

  it('sends each tenant with news one digest: its active editors and extra addresses, the items in the body', async () => {
    const now = new Date('2026-12-01T07:00:00Z');
    const result = await app.services.notifications.sendDigests(now);
    assert.deepEqual(
      result.sent.map((s) => s.tenantAgs),
      [ALTDORF],
      'Neustadt and the Kreis have nothing new',
    );
    assert.equal(inbox.length, 1);
    const [mail] = inbox;
    assert.ok(mail);
    assert.equal(mail.from, 'amtsweg@kreis-nord.example');
    assert.deepEqual(mail.to, ['anna@altdorf.example', 'ben@altdorf.example', 'buergerbuero@altdorf.example']);
    assert.equal(subjectOf(mail.raw), 'amtsweg Tagesübersicht Altdorf: 1 neue Nachricht');
    const body = bodyOf(mail.raw);
    assert.match(body, /Fehlermeldung \(1\)/);
    assert.match(body, /Fehlermeldung zu „Wohnsitz anmelden“/);
    assert.match(body, /Die Telefonnummer des Bürgerbüros stimmt nicht\./);
    assert.match(body, /https:\/\/amtsweg\.example\/editor\/reports\/[0-9a-f-]{36}/);
    assert.match(body, /https:\/\/amtsweg\.example\/editor\/inbox/);
  });

  it('no mail when nothing is new; a new item waits for the interval, then goes out alone', async () => {
    const day = new Date('2026-12-01T07:00:00Z').getTime();
    assert.deepEqual((await app.services.notifications.sendDigests(new Date(day + 60_000))).sent, []);
    assert.equal(inbox.length, 1);

    assert.equal((await report('Die Öffnungszeiten am Freitag sind falsch.')).statusCode, 200);
    assert.deepEqual((await app.services.notifications.sendDigests(new Date(day + 3_600_000))).sent, []);
    assert.equal(inbox.length, 1, 'the last digest is not a day old yet');

    const next = await app.services.notifications.sendDigests(new Date(day + 24 * 3_600_000));
    assert.deepEqual(
      next.sent.map((s) => [s.tenantAgs, s.items]),
      [[ALTDORF, 1]],
    );
    const body = bodyOf(inbox[1]?.raw ?? '');
    assert.match(body, /Öffnungszeiten am Freitag/);
    assert.doesNotMatch(body, /Telefonnummer des Bürgerbüros/, 'what was mailed is not mailed again');
  });

  it('an unreachable SMTP server keeps the items for the next digest', async () => {
    assert.equal((await report('Der Link zum Formular führt ins Leere.')).statusCode, 200);
    const broken = createServices(db, {
      mail: loadMailConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://127.0.0.1:1', DIGEST_INTERVAL_HOURS: '24' }),
    });
    await assert.rejects(broken.notifications.sendDigests(new Date('2026-12-03T07:00:00Z')));
    const later = await app.services.notifications.sendDigests(new Date('2026-12-03T07:05:00Z'));
    assert.deepEqual(
      later.sent.map((s) => [s.tenantAgs, s.items]),
      [[ALTDORF, 1]],
    );
    assert.match(bodyOf(inbox[2]?.raw ?? ''), /Formular führt ins Leere/);
  });
});
