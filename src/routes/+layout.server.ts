import type { LayoutServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { profiles } from '$lib/server/queries/profile';
import { decide } from '$lib/server/auth/route-roles';

/** 导航（顺序即显示顺序）。每一项按路由表 decide() 判断当前角色能否打开，打不开的不显示。 */
const NAV = [
  { href: '/', label: '总览' },
  { href: '/tasks', label: '任务清单' },
  { href: '/kpi', label: '转化成效' },
  { href: '/compliance', label: '合规' },
  { href: '/evaluation', label: '考核评价' },
  { href: '/awards', label: '奖补资格' },
  { href: '/targets', label: '2025目标' },
  { href: '/quality', label: '数据质量' },
  { href: '/sql', label: 'SQL' },
  { href: '/progress', label: '周报填报' },
  { href: '/admin', label: '管理' }
] as const;

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const user = locals.user ?? null;
  const year = parseYear(url.searchParams.get('year'));
  const nav = user ? NAV.filter((n) => decide(n.href, user.role).kind === 'allow').map((n) => ({ ...n })) : [];
  // 匿名访问（登录页等公开页面）不读数仓：不暴露数据，也不因数仓不可用而影响登录。
  if (!user) {
    return { user, year, nav, profiles: [] as { id: string; name: string }[], years: [] as number[], isSample: false, profileId: null as string | null, builtAt: null as string | null, warehouseError: null as string | null };
  }
  const profileList = profiles();
  try {
    const [meta, years] = await Promise.all([query('layout_meta'), query('layout_years')]);
    const m = Object.fromEntries(meta.map((r) => [String(r.key), r.value === null ? null : String(r.value)]));
    return {
      user,
      year,
      nav,
      profiles: profileList,
      years: years.map((r) => Number(r.year)),
      isSample: m.is_sample === 'true',
      profileId: m.profile_id ?? null,
      builtAt: m.built_at_cn ?? m.built_at ?? null,
      warehouseError: null as string | null
    };
  } catch (e) {
    return { user, year, nav, profiles: profileList, years: [] as number[], isSample: false, profileId: null, builtAt: null, warehouseError: (e as Error).message };
  }
};
