// The admins' optional second factor: time-based one-time passwords (RFC 6238, 30 s, 6 digits, SHA-1 — what every
// authenticator app reads from an otpauth:// URI). The secret is shown as text and URI, no QR code: the workspace
// ships no image generator, and typing or pasting the secret works in every app.
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;
const ISSUER = 'amtsweg';

function totpOf(secret: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** A fresh 160-bit secret, base32 (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** otpauth://totp/amtsweg:<email>?secret=…&issuer=amtsweg… for the app's "enter a key / URI" field. */
export function totpUri(secret: string, email: string): string {
  return totpOf(secret, email).toString();
}

/** The secret in groups of four, easier to type. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * The time step a code belongs to when it is valid at `at` (one step of clock drift either way), else null. The
 * caller stores the step and refuses steps not after it, so a code observed over a shoulder works only once.
 */
export function verifyTotp(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** The current code (tests, and nothing else, need to compute one). */
export function totpCode(secret: string, at: Date): string {
  return totpOf(secret).generate({ timestamp: at.getTime() });
}
