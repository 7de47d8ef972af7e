/** Filters of the case list, kept in the URL (shared by the list and its export). */
export const CASE_FILTERS = ['q', 'status', 'category', 'assignee', 'unit', 'overdue'] as const;
