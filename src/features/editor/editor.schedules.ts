// Timed publishing and unpublishing: plan, cancel, and run what is due (the scheduler, acting as the system).
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../shared/errors.ts';
import { SCHEDULER_PRINCIPAL } from '../auth/auth.service.ts';
import type { Principal } from '../auth/auth.ts';
import { type EditorContext, type RecordView, when } from './editor.context.ts';
import type { createPublishingUseCases } from './editor.publishing.ts';
import * as repo from './editor.repository.ts';
import { EditorNotFoundError, type EntityType } from './editor.ts';

/** The schedule use cases; running them publishes through `publishing`. */
export function createScheduleUseCases(ctx: EditorContext, publishing: ReturnType<typeof createPublishingUseCases>) {
  const { k, now, readPublished, authorize, editTransaction, audit, record } = ctx;
  return {
    async schedule(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      action: 'publish' | 'unpublish',
      runAt: string,
      opts: { ip?: string | null } = {},
    ): Promise<RecordView> {
      const principal = await authorize(p, type, tenant, id);
      const at = Date.parse(runAt);
      if (Number.isNaN(at))
        throw new ValidationError('Bitte Datum und Uhrzeit angeben.', [
          { field: 'runAt', message: 'Bitte Datum und Uhrzeit angeben.' },
        ]);
      if (at <= Date.parse(now()))
        throw new ValidationError('Der Zeitpunkt muss in der Zukunft liegen.', [
          { field: 'runAt', message: 'Der Zeitpunkt muss in der Zukunft liegen.' },
        ]);
      const view = await record(type, tenant, id);
      if (action === 'publish' && !view.draft)
        throw new EditorNotFoundError('Zum zeitgesteuerten Veröffentlichen braucht es einen gespeicherten Entwurf.');
      if (action === 'unpublish' && !view.published)
        throw new EditorNotFoundError('Nur Veröffentlichtes kann zeitgesteuert entfernt werden.');
      await repo.upsertSchedule(k, {
        id: randomUUID(),
        entityType: type,
        entityId: id,
        tenantAgs: tenant,
        action,
        runAt: new Date(at).toISOString(),
        createdBy: principal.label,
        createdAt: now(),
      });
      await audit(principal, `schedule.${action}`, type, tenant, id, `am ${when(new Date(at).toISOString())}`, opts.ip);
      return record(type, tenant, id);
    },

    async cancelSchedule(
      p: Principal | null,
      type: EntityType,
      tenant: string,
      id: string,
      action: 'publish' | 'unpublish',
      opts: { ip?: string | null } = {},
    ) {
      const principal = await authorize(p, type, tenant, id);
      if (!(await repo.deleteSchedule(k, tenant, type, id, action)))
        throw new EditorNotFoundError('Dafür ist nichts geplant.');
      await audit(principal, `schedule.cancel`, type, tenant, id, action, opts.ip);
    },

    /** Runs every schedule that is due; safe to call from several instances at once. Returns what ran. */
    async runDueSchedules(at: Date = new Date()): Promise<ScheduleRun[]> {
      const out: ScheduleRun[] = [];
      for (const s of await repo.dueSchedules(k, at.toISOString())) {
        const type = s.entityType as EntityType;
        try {
          if (s.action !== 'publish') await publishing.refuseDependents(type, s.entityId);
          // Taking the schedule and carrying it out commit together: a crash in between leaves the schedule due (it
          // runs again), never taken but not done. A second instance's take waits for this one and finds nothing.
          const ran = await editTransaction(async (trx) => {
            if (!(await repo.takeSchedule(trx, s.id))) return false;
            if (s.action === 'publish') {
              await publishing.publishInTx(trx, SCHEDULER_PRINCIPAL, type, s.tenantAgs, s.entityId, undefined, {
                summary: (version) => `geplant von ${s.createdBy ?? '?'} → Version ${version}`,
              });
            } else {
              const published = await readPublished(type, s.tenantAgs, s.entityId, trx);
              if (published)
                await publishing.unpublishInTx(trx, SCHEDULER_PRINCIPAL, type, s.tenantAgs, s.entityId, {
                  version: published.version,
                });
            }
            return true;
          });
          if (ran) out.push({ tenantAgs: s.tenantAgs, type, id: s.entityId, action: s.action, ok: true });
        } catch (error) {
          // A failed schedule is taken (it would fail again every minute) and the failure recorded.
          if (!(await repo.takeSchedule(k, s.id))) continue;
          const message = error instanceof Error ? error.message : String(error);
          await audit(
            SCHEDULER_PRINCIPAL,
            'schedule.failed',
            type,
            s.tenantAgs,
            s.entityId,
            `${s.action}: ${message}`.slice(0, 1000),
          );
          out.push({ tenantAgs: s.tenantAgs, type, id: s.entityId, action: s.action, ok: false, message });
        }
      }
      return out;
    },
  };
}

/** One scheduled publication or removal that was due, and how it went. */
export interface ScheduleRun {
  tenantAgs: string;
  type: EntityType;
  id: string;
  action: string;
  ok: boolean;
  message?: string;
}
