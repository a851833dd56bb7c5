/**
 * Who may do what: the one table that maps a role to its permissions. Pure, so the server decides with it and the
 * UI disables controls with it (the server's answer is the one that counts).
 */
export const ROLES = ['admin', 'supervisor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['manageUsers', 'manageTeams', 'manageRules', 'control', 'export', 'erase'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Supervisors control and export calls; erasing a call for good (a data-subject request) and editing alert rules,
 * which act on every call, are for admins. Viewers only watch.
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  supervisor: ['control', 'export'],
  viewer: [],
};

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

const ROLE_NAMES: Record<Role, string> = { admin: 'Admins', supervisor: 'Supervisors', viewer: 'Viewers' };

const ACTIONS: Record<Permission, string> = {
  manageUsers: 'manage users',
  manageTeams: 'manage teams',
  manageRules: 'change alert rules',
  control: 'control calls',
  export: 'export calls',
  erase: 'erase calls',
};

/** Why `role` may not do it, in words for a tooltip and a 403: "Viewers cannot export calls." */
export function refusalReason(role: Role, permission: Permission): string {
  return `${ROLE_NAMES[role]} cannot ${ACTIONS[permission]}.`;
}
