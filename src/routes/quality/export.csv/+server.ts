/**
 * 数据质量页长表的 CSV（全部行；页面只显示一页）：?table=recon（合同明细与年度报告核对，按页面的年度、结果筛选与排序）、
 * reports（逾期与未报单位，按年度）、rejects（所选加载的拒收明细，?load=）。
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { sortParams } from '$lib/components/paging';
import { csvResponse } from '$lib/server/csv-response';
import { RECON_COLUMNS, REJECT_COLUMNS, REPORT_LIST_COLUMNS, withUscc } from '../columns';
import { qualityParams } from '../params.server';

export const GET: RequestHandler = async ({ url }) => {
  const q = qualityParams(url.searchParams);
  const y = q.year ? `${q.year}年` : '全部年度';
  switch (url.searchParams.get('table')) {
    case 'recon':
      return csvResponse(
        'quality_reconciliation',
        { year: q.year, status: q.reconStatus, ...sortParams(q.reconSort) },
        `合同明细与年度报告核对-${y}${q.reconStatus ? `-${q.reconStatus}` : ''}.csv`,
        withUscc(RECON_COLUMNS)
      );
    case 'reports':
      return csvResponse('quality_report_list', { year: q.year }, `逾期与未报单位-${y}.csv`, withUscc(REPORT_LIST_COLUMNS));
    case 'rejects':
      return csvResponse('quality_rejects', { load: q.load }, `拒收明细-第${q.load ?? '最近一'}次加载.csv`, REJECT_COLUMNS);
    default:
      error(400, '未知的表：table 应为 recon、reports 或 rejects');
  }
};
