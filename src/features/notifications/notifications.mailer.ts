// The digest's way out: SMTP through nodemailer, configured by SMTP_URL (unset: no mail at all), MAIL_FROM and
// DIGEST_INTERVAL_HOURS. One job: turn a composed digest into a sent message.
import nodemailer from 'nodemailer';
import { ConfigError } from '../../shared/errors.ts';

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://…; null = mail is off (the inbox still fills). */
  smtpUrl: string | null;
  from: string;
  /** How often each tenant gets a digest at most (24 = daily, 168 = weekly). */
  digestIntervalHours: number;
  /** The digest schedule inside the server; off under NODE_ENV=test and when mail is off. */
  scheduleEnabled: boolean;
  /** Read inbox items are deleted this many days after reading (INBOX_RETENTION_DAYS, default 180). */
  inboxRetentionDays?: number;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    throw new ConfigError(
      `SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl.replace(/\/\/[^@]*@/, '//…@')}"`,
    );
  const rawHours = env.DIGEST_INTERVAL_HOURS?.trim() || '168';
  const hours = Number(rawHours);
  if (!Number.isFinite(hours) || hours <= 0)
    throw new ConfigError(
      `DIGEST_INTERVAL_HOURS must be a positive number of hours (24 daily, 168 weekly), got "${rawHours}"`,
    );
  const from = env.MAIL_FROM?.trim() || 'amtsweg <amtsweg@localhost>';
  const rawDays = env.INBOX_RETENTION_DAYS?.trim() || '180';
  const inboxRetentionDays = Number(rawDays);
  if (!Number.isInteger(inboxRetentionDays) || inboxRetentionDays <= 0)
    throw new ConfigError(`INBOX_RETENTION_DAYS must be a whole number of days above 0, got "${rawDays}"`);
  return {
    smtpUrl,
    from,
    digestIntervalHours: hours,
    scheduleEnabled: smtpUrl !== null && env.NODE_ENV !== 'test',
    inboxRetentionDays,
  };
}

export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** null when SMTP_URL is unset: callers then send nothing and mark nothing as mailed. */
export function createMailer(config: MailConfig): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: [...mail.to], subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
