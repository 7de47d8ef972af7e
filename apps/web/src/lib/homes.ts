/**
 * What each role's home shows. Until the features land, every panel is a designed empty state
 * saying what will appear there; panels whose screen exists already link to it.
 */
import type { Role } from '@pilot/domain';
import { m } from '#paraglide/messages.js';
import type { Area } from './access.ts';

export interface HomePanel {
  icon: string;
  title: () => string;
  text: () => string;
  link?: { href: string; label: () => string; area: Area };
}

export interface RoleHome {
  title: () => string;
  intro: () => string;
  panels: HomePanel[];
}

const auditLink = { href: '/audit', label: m.home_link_audit, area: 'audit' } as const;

export const HOMES: Record<Role, RoleHome> = {
  platform_operator: {
    title: m.home_operator_title,
    intro: m.home_operator_intro,
    panels: [
      { icon: '▦', title: m.home_operator_providers_title, text: m.home_operator_providers_text, link: { href: '/admin/providers', label: m.home_link_providers, area: 'manageProviders' } },
      { icon: '₴', title: m.home_operator_billing_title, text: m.home_operator_billing_text, link: { href: '/admin/billing', label: m.nav_billing, area: 'billingProviders' } },
      { icon: '♡', title: m.home_operator_health_title, text: m.home_operator_health_text },
      { icon: '☰', title: m.home_audit_title, text: m.home_operator_audit_text, link: auditLink },
    ],
  },
  ministry_coordinator: {
    title: m.home_ministry_title,
    intro: m.home_ministry_intro,
    panels: [
      { icon: '▤', title: m.home_ministry_dashboard_title, text: m.home_ministry_dashboard_text, link: { href: '/pilot', label: m.home_link_pilot, area: 'pilot' } },
      { icon: '▥', title: m.home_ministry_reports_title, text: m.home_ministry_reports_text, link: { href: '/reports', label: m.home_link_reports, area: 'reports' } },
      { icon: '▦', title: m.home_ministry_providers_title, text: m.home_ministry_providers_text, link: { href: '/admin/providers', label: m.home_link_providers, area: 'providers' } },
      { icon: '⚑', title: m.home_ministry_units_title, text: m.home_ministry_units_text, link: { href: '/units', label: m.home_link_units, area: 'units' } },
      { icon: '☷', title: m.home_ministry_meetings_title, text: m.home_ministry_meetings_text, link: { href: '/coordination', label: m.home_link_coordination, area: 'coordination' } },
      { icon: '✎', title: m.home_ministry_catalogue_title, text: m.home_ministry_catalogue_text, link: { href: '/catalogue', label: m.home_link_catalogue, area: 'catalogueManage' } },
    ],
  },
  ngo_admin: {
    title: m.home_admin_title,
    intro: m.home_admin_intro,
    panels: [
      { icon: '☺', title: m.home_admin_staff_title, text: m.home_admin_staff_text, link: { href: '/staff', label: m.home_link_staff, area: 'staff' } },
      { icon: '▦', title: m.home_admin_profile_title, text: m.home_admin_profile_text },
      { icon: '⚑', title: m.home_admin_units_title, text: m.home_admin_units_text, link: { href: '/units', label: m.home_link_units, area: 'units' } },
      { icon: '₴', title: m.home_admin_billing_title, text: m.home_admin_billing_text, link: { href: '/billing', label: m.nav_billing, area: 'billing' } },
      { icon: '▤', title: m.home_provider_report_title, text: m.home_provider_report_text, link: { href: '/reports', label: m.home_link_reports, area: 'reports' } },
      { icon: '☷', title: m.home_admin_coordination_title, text: m.home_admin_coordination_text, link: { href: '/coordination', label: m.home_link_coordination, area: 'coordination' } },
      { icon: '☰', title: m.home_audit_title, text: m.home_provider_audit_text, link: auditLink },
    ],
  },
  supervisor: {
    title: m.home_supervisor_title,
    intro: m.home_supervisor_intro,
    panels: [
      { icon: '▥', title: m.home_supervisor_caseload_title, text: m.home_supervisor_caseload_text, link: { href: '/supervision', label: m.home_link_supervision, area: 'supervision' } },
      { icon: '✉', title: m.home_supervisor_referrals_title, text: m.home_supervisor_referrals_text, link: { href: '/referrals?status=submitted', label: m.home_link_referrals, area: 'referrals' } },
      { icon: '⏱', title: m.home_supervisor_overdue_title, text: m.home_supervisor_overdue_text, link: { href: '/cases?overdue=true', label: m.home_link_overdue_cases, area: 'cases' } },
      { icon: '▤', title: m.home_provider_report_title, text: m.home_provider_report_text, link: { href: '/reports', label: m.home_link_reports, area: 'reports' } },
      { icon: '☰', title: m.home_audit_title, text: m.home_provider_audit_text, link: auditLink },
    ],
  },
  case_manager: {
    title: m.home_manager_title,
    intro: m.home_manager_intro,
    panels: [
      { icon: '▣', title: m.home_manager_cases_title, text: m.home_manager_cases_text, link: { href: '/cases', label: m.home_link_cases, area: 'cases' } },
      { icon: '✓', title: m.home_manager_tasks_title, text: m.home_manager_tasks_text, link: { href: '/tasks', label: m.home_link_tasks, area: 'cases' } },
      { icon: '+', title: m.home_manager_deliveries_title, text: m.home_manager_deliveries_text, link: { href: '/cases/new', label: m.home_link_intake, area: 'cases' } },
    ],
  },
  unit_contact: {
    title: m.home_unit_title,
    intro: m.home_unit_intro,
    panels: [
      { icon: '✉', title: m.home_unit_referrals_title, text: m.home_unit_referrals_text, link: { href: '/my-referrals', label: m.home_link_my_referrals, area: 'refer' } },
      { icon: '+', title: m.home_unit_refer_title, text: m.home_unit_refer_text, link: { href: '/refer', label: m.home_link_refer, area: 'refer' } },
      { icon: '☎', title: m.home_unit_contacts_title, text: m.home_unit_contacts_text, link: { href: '/my-referrals', label: m.home_link_who_to_call, area: 'refer' } },
    ],
  },
};
