import type { LayoutServerLoad } from './$types';
import { query } from '$lib/server/queries';
import { parseYear } from '$lib/server/queries/params';
import { profiles } from '$lib/server/queries/profile';

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const user = locals.user ?? null;
  const year = parseYear(url.searchParams.get('year'));
  const profileList = profiles();
  try {
    const [meta, years] = await Promise.all([query('layout_meta'), query('layout_years')]);
    const m = Object.fromEntries(meta.map((r) => [String(r.key), r.value === null ? null : String(r.value)]));
    return {
      user,
      year,
      profiles: profileList,
      years: years.map((r) => Number(r.year)),
      isSample: m.is_sample === 'true',
      profileId: m.profile_id ?? null,
      builtAt: m.built_at_cn ?? m.built_at ?? null,
      warehouseError: null as string | null
    };
  } catch (e) {
    return { user, year, profiles: profileList, years: [] as number[], isSample: false, profileId: null, builtAt: null, warehouseError: (e as Error).message };
  }
};
