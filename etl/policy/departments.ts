/**
 * 责任部门维度：把各种写法（辽宁省科学技术厅 / 科技厅 / 省卫健委 …）归一为规范名称。
 * The alias list is data (data/policy/departments.yaml); this module only loads, validates and matches.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEPARTMENTS_FILE, relToRoot } from './paths';

export type DepartmentKind = 'government' | 'research_units';

export interface Department {
  /** 规范名称（如 省科技厅），warehouse departments.name */
  name: string;
  /** 简称（如 科技厅） */
  shortName: string;
  /** 机构全称（如 辽宁省科学技术厅） */
  fullName: string;
  kind: DepartmentKind;
  sortOrder: number;
  /** 主管的单位类型（高校 / 科研院所 / 医疗卫生机构） */
  supervises: string[];
  aliases: string[];
}

const UNIT_TYPES = ['高校', '科研院所', '医疗卫生机构'] as const;

const departmentSchema = z.strictObject({
  name: z.string().min(1),
  short_name: z.string().min(1),
  full_name: z.string().min(1),
  kind: z.enum(['government', 'research_units']),
  sort_order: z.int(),
  supervises: z.array(z.enum(UNIT_TYPES)).optional(),
  aliases: z.array(z.string().min(1)).default([])
});
const fileSchema = z.strictObject({ departments: z.array(departmentSchema).min(1) });

/** Formats a zod issue path as `departments[3].kind`. */
export function formatIssuePath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += (out ? '.' : '') + String(seg);
  }
  return out || '(根)';
}

/** Cleans a raw department string: tags, whitespace, 按职责分工负责, （牵头）/（配合）, trailing punctuation. */
export function cleanDepartmentText(raw: string): string {
  return raw
    .replace(/<[^>]*>/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, '')
    .replace(/按职责分工负责/g, '')
    .replace(/[（(](牵头|配合|负责|牵头单位|配合单位)[)）]/g, '')
    .replace(/^[、，,；;。.]+|[、，,；;。.]+$/g, '');
}

export interface DepartmentIndex {
  list: Department[];
  byName: Map<string, Department>;
  /** cleaned alias (and name/short/full name) → canonical name */
  aliasMap: Map<string, string>;
}

/** Loads and validates a department file (default data/policy/departments.yaml). */
export function loadDepartments(file: string = DEPARTMENTS_FILE): DepartmentIndex {
  const label = relToRoot(file);
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`部门维度文件 ${label} 无法读取或解析：${(e as Error).message}`);
  }
  const res = fileSchema.safeParse(data);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `  - ${formatIssuePath(i.path)}: ${i.message}`);
    throw new Error(`部门维度文件 ${label} 校验失败：\n${lines.join('\n')}`);
  }
  const list: Department[] = res.data.departments
    .map((d) => ({
      name: d.name,
      shortName: d.short_name,
      fullName: d.full_name,
      kind: d.kind,
      sortOrder: d.sort_order,
      supervises: d.supervises ?? [],
      aliases: d.aliases
    }))
    .sort((a, b) => a.sortOrder - b.sortOrder);
  const byName = new Map<string, Department>();
  const aliasMap = new Map<string, string>();
  for (const d of list) {
    if (byName.has(d.name)) throw new Error(`部门维度文件 ${label}：部门名称重复：${d.name}`);
    byName.set(d.name, d);
  }
  for (const d of list) {
    for (const a of [d.name, d.shortName, d.fullName, ...d.aliases]) {
      const key = cleanDepartmentText(a);
      const prev = aliasMap.get(key);
      if (prev !== undefined && prev !== d.name) {
        throw new Error(`部门维度文件 ${label}：写法“${a}”同时指向 ${prev} 和 ${d.name}`);
      }
      aliasMap.set(key, d.name);
    }
  }
  return { list, byName, aliasMap };
}

let cached: DepartmentIndex | undefined;
function index(): DepartmentIndex {
  cached ??= loadDepartments();
  return cached;
}

/** All departments of the dimension, in sort order. */
export function listDepartments(): Department[] {
  return index().list;
}

/** The department record of a canonical name. */
export function getDepartment(name: string): Department | undefined {
  return index().byName.get(name);
}

/**
 * Canonical name of one department written any known way, or null when unknown.
 * `辽宁省科学技术厅` / `科技厅` → `省科技厅`; `省属高校、科研院所、医疗卫生机构` → `科研单位`.
 */
export function normalizeDepartment(raw: string, idx: DepartmentIndex = index()): string | null {
  const key = cleanDepartmentText(raw);
  if (!key) return null;
  const hit = idx.aliasMap.get(key);
  if (hit !== undefined) return hit;
  if (key.startsWith('辽宁省')) {
    const alt = idx.aliasMap.get('省' + key.slice(3));
    if (alt !== undefined) return alt;
  }
  return null;
}

export interface SplitDepartments {
  /** canonical names in the order written, without duplicates */
  names: string[];
  /** pieces that matched no department (cleaned text) */
  unknown: string[];
}

/**
 * Splits a 责任部门 cell (`省科技厅、省教育厅按职责分工负责`) into canonical names.
 * The whole cell is tried first, so `省属高校、科研院所、医疗卫生机构` stays one record (科研单位).
 */
export function splitDepartments(raw: string, idx: DepartmentIndex = index()): SplitDepartments {
  const cleaned = cleanDepartmentText(raw);
  if (!cleaned) return { names: [], unknown: [] };
  const whole = normalizeDepartment(cleaned, idx);
  if (whole !== null) return { names: [whole], unknown: [] };
  const names: string[] = [];
  const unknown: string[] = [];
  for (const piece of cleaned.split(/[、，,；;/]+/)) {
    if (!piece) continue;
    const n = normalizeDepartment(piece, idx);
    if (n === null) unknown.push(piece);
    else if (!names.includes(n)) names.push(n);
  }
  return { names, unknown };
}
