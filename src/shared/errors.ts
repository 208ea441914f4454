/**
 * Errors the application raises on purpose. Each carries an HTTP status and a stable `type` slug so the API can
 * answer with `application/problem+json` and the CLI with a clear message, without either knowing the cause.
 */
export class AppError extends Error {
  readonly status: number = 500;
  readonly type: string = 'internal-error';
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly type = 'not-found';
}

/** Input that is well-formed JSON/YAML but wrong: names the record and the field. */
export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly type = 'validation-error';
  readonly issues: ValidationIssue[];

  constructor(message: string, issues: ValidationIssue[]) {
    super(message, { issues });
    this.issues = issues;
  }
}

export interface ValidationIssue {
  /** Where: e.g. `services[12] (id "wohnsitz-anmelden")`. */
  record?: string;
  /** Which field, as a JSON pointer-like path: e.g. `leikaKey`. */
  field: string;
  message: string;
}

export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly type = 'conflict';
}

export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly type: string = 'unauthorized';
}

export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly type: string = 'forbidden';
}

export class ConfigError extends AppError {
  override readonly type = 'config-error';
}
