/** Drill-down sources of the 转化成效 page: which named query lists the rows behind a figure, and its filters. */
import { parseBool, parseOneOf, parsePositiveInt, parseText, parseYear, METHODS } from './params';
import type { Param } from './index';

export const SOURCES = {
  contracts: { rows: 'drill_contracts', count: 'drill_contracts_count', title: '转化合同明细' },
  achievements: { rows: 'drill_achievements', count: 'drill_achievements_count', title: '单列管理台账成果' },
  reports: { rows: 'drill_reports', count: 'drill_reports_count', title: '年度报告' }
} as const;
export type Source = keyof typeof SOURCES;

export interface DrillRequest {
  source: Source;
  params: Record<string, Param>;
  page: number;
  size: number;
}

export function parseDrill(sp: URLSearchParams): DrillRequest {
  const source = parseOneOf(sp.get('source'), Object.keys(SOURCES) as Source[]) ?? 'contracts';
  const page = Math.max(1, parsePositiveInt(sp.get('page'), 1, 1_000_000));
  const size = Math.max(1, parsePositiveInt(sp.get('size'), 50, 1000));
  return {
    source,
    page,
    size,
    params: {
      year: parseYear(sp.get('year')),
      method: parseOneOf(sp.get('method'), METHODS),
      type: parseText(sp.get('type')),
      dept: parseText(sp.get('dept')),
      unit: parseText(sp.get('unit'), 40),
      granted: parseBool(sp.get('granted')),
      converted: parseBool(sp.get('converted')),
      empowered: parseBool(sp.get('empowered')),
      pool: parseBool(sp.get('pool')),
      pay_later: parseBool(sp.get('pay_later'))
    }
  };
}
