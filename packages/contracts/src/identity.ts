import { z } from 'zod';
import { isValidEdrpou, normalizePhone, OBLAST_CODES, PROVIDER_ROLES, ROLES, ACCREDITATION_STATUSES } from '@pilot/domain';
import { page, text, ZLocale, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';

export const ZRole = z.enum(ROLES);
export const ZProviderRole = z.enum(PROVIDER_ROLES);
export const ZEmail = z.email().max(254).transform((e) => e.toLowerCase());

/** Passwords are judged by length (NIST 800-63B), not by composition rules. */
export const PASSWORD_MIN = 12;
export const ZNewPassword = z.string().min(PASSWORD_MIN).max(256);

export const ZPhone = z.string().max(32).transform((v, ctx) => {
  const n = normalizePhone(v);
  if (!n) {
    ctx.addIssue({ code: 'custom', message: 'Phone must be E.164; Ukrainian numbers +380 and 9 digits' });
    return z.NEVER;
  }
  return n;
});

export const ZEdrpou = z.string().trim().refine(isValidEdrpou, 'EDRPOU must be 8 digits with a valid check digit');
export const ZOblastCode = z.enum(OBLAST_CODES);

// ---- auth ----
export const ZLoginBody = z.strictObject({
  email: ZEmail,
  password: z.string().min(1).max(1024),
});
export type TLoginBody = z.infer<typeof ZLoginBody>;

export const ZMe = z.object({
  id: ZUuid,
  email: z.string(),
  fullName: z.string(),
  phone: z.string().nullable(),
  locale: ZLocale,
  roles: z.array(ZRole),
  provider: z.object({ id: ZUuid, name: z.string() }).nullable(),
  unitId: ZUuid.nullable(),
  /** Two-factor sign-in: on, required for the role, and whether setting it up blocks everything else. */
  mfa: z.object({ enabled: z.boolean(), required: z.boolean(), enrollmentPending: z.boolean() }),
});
export type TMe = z.infer<typeof ZMe>;

export const ZTokenResponse = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  user: ZMe,
});
export type TTokenResponse = z.infer<typeof ZTokenResponse>;

/** The password was right; a second factor is needed before a session starts. */
export const ZMfaChallenge = z.object({ mfaRequired: z.literal(true), mfaToken: z.string(), expiresIn: z.number().int() });
export type TMfaChallenge = z.infer<typeof ZMfaChallenge>;
export const ZLoginResponse = z.union([ZTokenResponse, ZMfaChallenge]);
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZTotpCode = z.string().trim().regex(/^\d{6}$/, 'Six digits');
export const ZMfaVerify = z.union([
  z.strictObject({ mfaToken: z.string().min(20).max(200), code: ZTotpCode }),
  z.strictObject({ mfaToken: z.string().min(20).max(200), recoveryCode: z.string().trim().min(10).max(20) }),
]);
export type TMfaVerify = z.infer<typeof ZMfaVerify>;

export const ZMfaStatus = z.object({ enabled: z.boolean(), required: z.boolean(), enabledAt: ZTimestamp.nullable(), recoveryCodesLeft: z.number().int() });
export type TMfaStatus = z.infer<typeof ZMfaStatus>;
export const ZMfaSetup = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TMfaSetup = z.infer<typeof ZMfaSetup>;
export const ZMfaCode = z.strictObject({ code: ZTotpCode });
export const ZMfaDisable = z.strictObject({ password: z.string().min(1).max(1024), code: ZTotpCode });
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;
/** Enabling answers the recovery codes (shown once) and a token without the set-up restriction. */
export const ZMfaEnabled = ZRecoveryCodes.extend({ accessToken: z.string(), expiresIn: z.number().int() });
export type TMfaEnabled = z.infer<typeof ZMfaEnabled>;

export const ZChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: ZNewPassword,
});
export type TChangePassword = z.infer<typeof ZChangePassword>;

export const ZPasswordResetRequest = z.strictObject({ email: ZEmail });
export const ZTokenPassword = z.strictObject({
  token: z.string().min(20).max(200),
  password: ZNewPassword,
});
export type TTokenPassword = z.infer<typeof ZTokenPassword>;

export const ZUpdateMe = z.strictObject({
  fullName: text(200).optional(),
  phone: ZPhone.nullable().optional(),
  locale: ZLocale.optional(),
});

// ---- staff (an NGO admin manages its provider's users) ----
export const ZStaffStatus = z.enum(['invited', 'active', 'deactivated']);
export const ZStaffMember = z.object({
  id: ZUuid,
  email: z.string(),
  fullName: z.string(),
  phone: z.string().nullable(),
  roles: z.array(ZRole),
  status: ZStaffStatus,
  lastLoginAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TStaffMember = z.infer<typeof ZStaffMember>;
export const ZStaffPage = page(ZStaffMember);

export const ZStaffInvite = z.strictObject({
  email: ZEmail,
  fullName: text(200),
  phone: ZPhone.optional(),
  roles: z.array(ZProviderRole).min(1).max(3),
});
export type TStaffInvite = z.infer<typeof ZStaffInvite>;

export const ZStaffUpdate = z.strictObject({
  roles: z.array(ZProviderRole).min(1).max(3).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
});
export type TStaffUpdate = z.infer<typeof ZStaffUpdate>;

export const ZStaffQuery = ZPageQuery.extend({
  status: ZStaffStatus.optional(),
  q: z.string().max(100).optional(),
});

// ---- providers (the platform operator creates tenants) ----
export const ZAccreditationStatus = z.enum(ACCREDITATION_STATUSES);

export const ZProvider = z.object({
  id: ZUuid,
  name: z.string(),
  edrpou: z.string(),
  oblastCode: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  accreditationStatus: ZAccreditationStatus,
  accreditedUntil: z.iso.date().nullable(),
  createdAt: ZTimestamp,
});
export type TProvider = z.infer<typeof ZProvider>;
export const ZProviderPage = page(ZProvider);

export const ZProviderCreate = z.strictObject({
  name: text(300),
  edrpou: ZEdrpou,
  oblastCode: ZOblastCode,
  contactEmail: ZEmail,
  contactPhone: ZPhone,
  admin: z.strictObject({ email: ZEmail, fullName: text(200) }),
});
export type TProviderCreate = z.infer<typeof ZProviderCreate>;

export const ZProviderUpdate = z.strictObject({
  name: text(300).optional(),
  oblastCode: ZOblastCode.optional(),
  contactEmail: ZEmail.optional(),
  contactPhone: ZPhone.optional(),
});
export type TProviderUpdate = z.infer<typeof ZProviderUpdate>;

export const ZProviderQuery = ZPageQuery.extend({
  q: z.string().max(100).optional(),
  /** By accreditation status, or `expiring`: accredited, ending within 30 days or already ended. */
  accreditation: z.enum([...ACCREDITATION_STATUSES, 'expiring']).optional(),
});

// ---- audit log ----
export const ZAuditEntry = z.object({
  id: z.string(),
  at: ZTimestamp,
  actorId: ZUuid.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditPage = page(ZAuditEntry);
export const ZAuditQuery = ZPageQuery.extend({
  action: z.string().max(100).optional(),
  entity: z.string().max(100).optional(),
  actorId: ZUuid.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

// ---- sessions (signed-in devices) ----
export const ZSession = z.object({
  id: ZUuid,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: ZTimestamp,
  lastUsedAt: ZTimestamp,
  current: z.boolean(),
});
export type TSession = z.infer<typeof ZSession>;
export const ZSessionList = z.object({ items: z.array(ZSession) });

export const ZAuditChainReport = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  unsealed: z.number().int(),
  head: z.string().nullable(),
  checkedAt: ZTimestamp,
  problems: z.array(z.object({
    seq: z.number().int(),
    auditId: z.string().nullable(),
    problem: z.enum(['entry_deleted', 'entry_changed', 'link_broken', 'sequence_gap']),
  })),
});
export type TAuditChainReport = z.infer<typeof ZAuditChainReport>;
