/** The four roles of DESIGN.md §1, most powerful first. */
export const ROLES = ['admin', 'planner', 'field', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
