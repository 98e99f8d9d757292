/** Roles, from least to most: viewer < dept < analyst < office < admin (dept and analyst are siblings). */
export type Role = 'admin' | 'office' | 'dept' | 'analyst' | 'viewer';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  office: '协调办',
  dept: '部门负责人',
  analyst: '分析员',
  viewer: '只读用户'
};

export interface SessionUser {
  username: string;
  role: Role;
  /** Department name (departments.name) for role 'dept'; null otherwise. */
  dept: string | null;
}
