import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getDepartment,
  listDepartments,
  loadDepartments,
  normalizeDepartment,
  splitDepartments
} from '../../etl/policy/departments';
import { DEPARTMENTS_FILE } from '../../etl/policy/paths';

const CANONICAL = [
  '省科技厅',
  '省教育厅',
  '省卫生健康委',
  '省财政厅',
  '省机关事务管理局',
  '省知识产权局',
  '省税务局',
  '辽宁金融监管局',
  '省地方金融管理局',
  '省工业和信息化厅',
  '省人力资源社会保障厅',
  '省委组织部',
  '省商务厅'
];

describe('部门维度', () => {
  it('holds the canonical departments and the research units record', () => {
    const names = listDepartments().map((d) => d.name);
    for (const n of CANONICAL) expect(names).toContain(n);
    for (const n of CANONICAL) expect(getDepartment(n)?.kind).toBe('government');
    const ru = getDepartment('科研单位');
    expect(ru?.kind).toBe('research_units');
    expect(ru?.supervises).toEqual(['高校', '科研院所', '医疗卫生机构']);
    expect(listDepartments().filter((d) => d.kind === 'research_units').map((d) => d.name)).toEqual(['科研单位']);
  });

  it('is sorted by unique sortOrder and every name maps to itself', () => {
    const list = listDepartments();
    const orders = list.map((d) => d.sortOrder);
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
    expect(new Set(orders).size).toBe(orders.length);
    for (const d of list) {
      expect(normalizeDepartment(d.name)).toBe(d.name);
      expect(normalizeDepartment(d.shortName)).toBe(d.name);
      for (const a of d.aliases) expect(normalizeDepartment(a), a).toBe(d.name);
    }
  });

  it('normalises aliases and decorations', () => {
    expect(normalizeDepartment('辽宁省科学技术厅')).toBe('省科技厅');
    expect(normalizeDepartment('科技厅')).toBe('省科技厅');
    expect(normalizeDepartment('省卫健委')).toBe('省卫生健康委');
    expect(normalizeDepartment('省人社厅')).toBe('省人力资源社会保障厅');
    expect(normalizeDepartment('省工信厅')).toBe('省工业和信息化厅');
    expect(normalizeDepartment('国家税务总局辽宁省税务局')).toBe('省税务局');
    expect(normalizeDepartment('国家金融监督管理总局辽宁监管局')).toBe('辽宁金融监管局');
    expect(normalizeDepartment(' 省科技厅 按职责分工负责')).toBe('省科技厅');
    expect(normalizeDepartment('省科技厅（牵头）')).toBe('省科技厅');
    expect(normalizeDepartment('<b>省教育厅</b>')).toBe('省教育厅');
    // 辽宁省 prefix → 省 (省卫健委 is an alias, 辽宁省卫健委 is not)
    expect(normalizeDepartment('辽宁省卫健委')).toBe('省卫生健康委');
    expect(normalizeDepartment('省属高校、科研院所、医疗卫生机构')).toBe('科研单位');
    expect(normalizeDepartment('省公安厅')).toBeNull();
    expect(normalizeDepartment('')).toBeNull();
  });

  it('splits a 责任部门 cell into canonical names', () => {
    expect(splitDepartments('省科技厅、省商务厅 按职责分工负责')).toEqual({ names: ['省科技厅', '省商务厅'], unknown: [] });
    expect(splitDepartments('省属高校、科研院所、医疗卫生机构')).toEqual({ names: ['科研单位'], unknown: [] });
    expect(splitDepartments('省科技厅，省卫健委；省公安厅、科技厅')).toEqual({ names: ['省科技厅', '省卫生健康委'], unknown: ['省公安厅'] });
    expect(splitDepartments('  ')).toEqual({ names: [], unknown: [] });
  });

  it('reports a broken department file with file and field path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dept-'));
    const bad = path.join(dir, 'departments.yaml');
    writeFileSync(bad, readFileSync(DEPARTMENTS_FILE, 'utf8').replace(/^(\s+)kind: research_units$/m, '$1kind: university'));
    expect(() => loadDepartments(bad)).toThrow(/departments\.yaml[\s\S]*departments\[\d+\]\.kind/);
    writeFileSync(bad, 'departments:\n  - { name: 省甲厅, short_name: 甲厅, full_name: 甲, kind: government, sort_order: 1, aliases: [甲] }\n  - { name: 省乙厅, short_name: 乙厅, full_name: 乙, kind: government, sort_order: 2, aliases: [甲] }\n');
    expect(() => loadDepartments(bad)).toThrow(/“甲”同时指向 省甲厅 和 省乙厅/);
  });
});
