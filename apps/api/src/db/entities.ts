import { AuditLog } from '../modules/audit/entities.ts';
import { ActionToken, AuthSession, LoginThrottle, Membership, RefreshToken, User } from '../modules/identity/entities.ts';
import { Provider } from '../modules/providers/entities.ts';
import { Holiday, MilitaryUnit, PilotSettings, PilotWave, PilotWaveUnit, UnitAssignment } from '../modules/units/entities.ts';
import { IntakePause, Referral, ReferralDeadline, ReferralEvent } from '../modules/referrals/entities.ts';
import { Notification } from '../modules/notifications/entities.ts';
import { BillingAccount, BillingEvent } from '../modules/billing/entities.ts';
import { Measure, MeasureVersion, Playbook, PlaybookVersion } from '../modules/catalogue/entities.ts';
import {
  Assessment, Beneficiary, CaseDocument, CaseEvent, CaseNote, CaseTransfer, Consent, FamilyLink, PlanStep, ServiceDelivery,
  SupportCase, SupportPlan,
} from '../modules/cases/entities.ts';
import { AccreditationDecision } from '../modules/accreditation/entities.ts';
import {
  CentreMember, CoordinationCentre, Instruction, InstructionNotice, InstructionReport, Meeting, MeetingAttendee, MeetingIssue,
  WorkPlanItem, WorkPlanReview,
} from '../modules/coordination/entities.ts';

/** Every entity the ORM knows; each feature adds its own here. */
export const entities = [Provider, User, Membership, AuthSession, RefreshToken, ActionToken, LoginThrottle, AuditLog, BillingAccount, BillingEvent,
  Measure, MeasureVersion, Playbook, PlaybookVersion,
  Beneficiary, FamilyLink, Consent, SupportCase, CaseEvent, Assessment, SupportPlan, PlanStep, ServiceDelivery, CaseNote, CaseDocument, CaseTransfer,
  MilitaryUnit, UnitAssignment, PilotWave, PilotWaveUnit, Holiday, PilotSettings, IntakePause, Referral, ReferralDeadline, ReferralEvent,
  Notification,
  AccreditationDecision, CoordinationCentre, CentreMember, Meeting, MeetingAttendee, MeetingIssue, Instruction, InstructionReport, InstructionNotice,
  WorkPlanItem, WorkPlanReview,
];
