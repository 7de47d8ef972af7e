import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  ZHoliday, ZHolidayCreate, ZHolidayList, ZHolidayParams, ZHolidayQuery, ZPilotSettings, ZPilotSettingsUpdate, type TPilotSettings,
} from '@pilot/contracts';
import type { ServiceTargetDays, WorkingCalendar } from '@pilot/domain';
import { conflict, notFound, unprocessable } from '../../lib/problems.ts';
import { Holiday, PilotSettings } from './entities.ts';

/**
 * What service deadlines are counted on, in one statement: the working calendar from `from` on
 * (weekends plus the holidays the ministry set) and the pilot's service targets in working days.
 * Read afresh each time: a change by the ministry applies to the next referral on any replica.
 */
export async function deadlineRules(em: EntityManager, from: string): Promise<{ calendar: WorkingCalendar; targetDays: ServiceTargetDays }> {
  const [s] = await em.execute<{ acknowledgement_days: number; first_contact_days: number; assessment_days: number; holidays: string[] }[]>(
    `select s.acknowledgement_days, s.first_contact_days, s.assessment_days,
            array(select day::text from holiday where day >= ?::date) as holidays
       from pilot_settings s where s.id`, [from]);
  return {
    calendar: { holidays: new Set(s!.holidays) },
    targetDays: { acknowledgement: s!.acknowledgement_days, first_contact: s!.first_contact_days, assessment: s!.assessment_days },
  };
}

type Person = TPilotSettings['coordinators'][number];

async function loadSettings(em: EntityManager): Promise<TPilotSettings> {
  const s = await em.findOneOrFail(PilotSettings, { id: true }, { refresh: true });
  const coordinators = await em.execute<Person[]>(
    `select u.id, u.full_name as "fullName", u.email from user_account u join membership m on m.user_id = u.id
      where m.provider_id is null and 'ministry_coordinator' = any(m.roles) and u.status <> 'deactivated' order by u.full_name`);
  return {
    acknowledgementDays: s.acknowledgementDays, firstContactDays: s.firstContactDays, assessmentDays: s.assessmentDays,
    escalationRecipients: coordinators.filter((c) => s.escalationRecipientIds.includes(c.id)),
    coordinators,
  };
}

/**
 * The ministry's working calendar (holidays) and the pilot's service targets. Changes apply to
 * referrals submitted afterwards: a referral's deadlines are fixed when it is submitted.
 */
export default async function calendarRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'pilot.manage' } as const;

  app.get('/holidays', {
    config: cfg,
    schema: { tags: ['calendar'], summary: 'Holidays (days off besides weekends)', querystring: ZHolidayQuery, response: { 200: ZHolidayList } },
  }, async (req) => {
    const { year } = req.query;
    const rows = await req.em.execute<{ date: string; name: string }[]>(
      `select day::text as date, name from holiday ${year ? 'where extract(year from day) = ?' : ''} order by day`, year ? [year] : []);
    return { items: rows };
  });

  app.post('/holidays', {
    config: { ...cfg, idempotent: true },
    schema: { tags: ['calendar'], summary: 'Declare a holiday', body: ZHolidayCreate, response: { 201: ZHoliday } },
  }, async (req, reply) => {
    req.em.create(Holiday, { day: req.body.date, name: req.body.name });
    try {
      await req.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict('holiday_exists', `${req.body.date} is already a holiday`);
      throw err;
    }
    req.audit('holiday.create', 'holiday', req.body.date);
    reply.code(201);
    return req.body;
  });

  app.delete('/holidays/:date', {
    config: cfg,
    schema: { tags: ['calendar'], summary: 'Remove a holiday', params: ZHolidayParams },
  }, async (req, reply) => {
    const removed = await req.em.execute(`delete from holiday where day = ?::date returning day`, [req.params.date]);
    if (!removed.length) throw notFound();
    req.audit('holiday.delete', 'holiday', req.params.date);
    reply.code(204);
  });

  app.get('/pilot-settings', {
    config: cfg,
    schema: { tags: ['calendar'], summary: 'Service targets and the escalation list', response: { 200: ZPilotSettings } },
  }, async (req) => loadSettings(req.em));

  app.patch('/pilot-settings', {
    config: cfg,
    schema: { tags: ['calendar'], summary: 'Change service targets or the escalation list', body: ZPilotSettingsUpdate, response: { 200: ZPilotSettings } },
  }, async (req) => {
    const { escalationRecipientIds, ...days } = req.body;
    const settings = await req.em.findOneOrFail(PilotSettings, { id: true });
    if (escalationRecipientIds) {
      const known = new Set((await loadSettings(req.em)).coordinators.map((c) => c.id));
      const stranger = escalationRecipientIds.findIndex((id) => !known.has(id));
      if (stranger >= 0) {
        throw unprocessable('not_a_coordinator', 'Escalations go to ministry coordinators only',
          [{ path: `body.escalationRecipientIds.${stranger}`, message: 'Not a ministry coordinator' }]);
      }
      settings.escalationRecipientIds = [...new Set(escalationRecipientIds)];
    }
    req.em.assign(settings, days);
    req.audit('pilot_settings.update', 'pilot_settings', null, { ...days, escalationRecipientIds });
    await req.em.flush();
    return loadSettings(req.em);
  });
}
