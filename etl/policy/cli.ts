/**
 * 政策层命令行。
 *
 *   npx tsx etl/policy/cli.ts tasks [--file 001_1f7518655a7a5801.txt] [--json]
 *        打印解析出的 43 项任务（方向、措施、牵头/配合部门、部门来源）和解析提示
 *   npx tsx etl/policy/cli.ts tasks --write     由 data/policy/text 重新生成 liaoning.yaml 的生成区
 *   npx tsx etl/policy/cli.ts tasks --check     生成区与解析结果不一致时以状态码 1 退出
 *   npx tsx etl/policy/cli.ts diff [a.txt b.txt] 两份抽取文本的措辞差异（默认 000 与 001）
 *   npx tsx etl/policy/cli.ts profiles          校验并列出全部政策配置
 *   npx tsx etl/policy/cli.ts departments       列出部门维度
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listDepartments } from './departments';
import { parseShippedText, renderSections, replaceGeneratedBlock, toProfileSections, writeGeneratedSections } from './generate';
import { compareExtractions, parseTaskList, toChineseNumeral, type TaskListResult } from './parse-tasks';
import { LIAONING_TEXT_FILES, POLICY_DIR, relToRoot } from './paths';
import { listProfiles } from './profile';

const USAGE = `政策层命令行
  npx tsx etl/policy/cli.ts tasks [--file 001_1f7518655a7a5801.txt] [--json]   打印解析出的任务和解析提示
  npx tsx etl/policy/cli.ts tasks --write      由 data/policy/text 重新生成 liaoning.yaml 的生成区
  npx tsx etl/policy/cli.ts tasks --check      生成区与解析结果不一致时以状态码 1 退出
  npx tsx etl/policy/cli.ts diff [a.txt b.txt] 两份抽取文本的措辞差异（默认 000 与 001）
  npx tsx etl/policy/cli.ts profiles           校验并列出全部政策配置
  npx tsx etl/policy/cli.ts departments        列出部门维度`;

const SOURCE_LABEL = { table: '表格', inherited: '沿用', body: '正文' } as const;

function readText(arg: string): { name: string; result: TaskListResult } {
  if (existsSync(arg)) return { name: relToRoot(path.resolve(arg)), result: parseTaskList(readFileSync(arg, 'utf8')) };
  return { name: `data/policy/text/${arg}`, result: parseShippedText(arg) };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function printTasks(name: string, r: TaskListResult): void {
  console.log(`# ${name}：${r.tasks.length} 项任务，${r.directions.length} 个重点方向，${r.measures.length} 项工作措施`);
  let dir = 0;
  let meas = 0;
  for (const t of r.tasks) {
    if (t.directionNo !== dir) {
      dir = t.directionNo;
      console.log(`\n${toChineseNumeral(dir)}、${t.direction}`);
    }
    if (t.measureNo !== meas) {
      meas = t.measureNo;
      console.log(`  （${toChineseNumeral(meas)}）${t.measure}`);
    }
    const text = t.text.length > 36 ? t.text.slice(0, 36) + '…' : t.text;
    const support = t.support.length ? `；配合：${t.support.join('、')}` : '';
    console.log(`    ${String(t.no).padStart(2)}. ${text}\n        牵头：${t.lead}${support}（${SOURCE_LABEL[t.deptSource]}）`);
  }
  if (r.warnings.length) {
    console.log('\n解析提示：');
    for (const w of r.warnings) console.log(`  - ${w}`);
  }
}

function main(argv: string[]): number {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'tasks': {
      const file = option(args, '--file') ?? LIAONING_TEXT_FILES[0];
      if (args.includes('--write')) {
        const w = writeGeneratedSections({ sourceFile: file });
        console.log(`${relToRoot(w.file)}：${w.changed ? '已重新生成' : '无变化'}（${w.result.tasks.length} 项任务，来源 data/policy/text/${file}）`);
        return 0;
      }
      if (args.includes('--check')) {
        const target = path.join(POLICY_DIR, 'liaoning.yaml');
        const current = readFileSync(target, 'utf8');
        const expected = replaceGeneratedBlock(current, renderSections(toProfileSections(parseShippedText(file)), file));
        if (current !== expected) {
          console.error(`${relToRoot(target)} 的生成区与解析结果不一致；运行 npx tsx etl/policy/cli.ts tasks --write`);
          return 1;
        }
        console.log(`${relToRoot(target)} 的生成区与解析结果一致`);
        return 0;
      }
      const { name, result } = readText(file);
      if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
      else printTasks(name, result);
      return 0;
    }
    case 'diff': {
      const files = args.filter((a) => !a.startsWith('--'));
      const a = readText(files[0] ?? LIAONING_TEXT_FILES[0]);
      const b = readText(files[1] ?? LIAONING_TEXT_FILES[1]);
      const diffs = compareExtractions(a.result, b.result);
      if (args.includes('--json')) {
        console.log(JSON.stringify(diffs, null, 2));
        return 0;
      }
      console.log(`# ${a.name} → ${b.name}：${diffs.length} 处差异`);
      for (const d of diffs) {
        const where = d.taskNo !== null ? `第 ${d.taskNo} 项` : `${d.field === 'direction_title' ? '方向' : '措施'} ${d.no}`;
        console.log(`${where}\t${d.field}\t${d.summary}`);
      }
      return 0;
    }
    case 'profiles': {
      for (const p of listProfiles()) {
        console.log(`${p.default ? '*' : ' '} ${p.id}\t${p.name}\t${p.level}\t${p.title}\t${p.file}`);
      }
      return 0;
    }
    case 'departments': {
      for (const d of listDepartments()) {
        console.log(`${String(d.sortOrder).padStart(3)}\t${d.name}\t${d.shortName}\t${d.kind}\t${d.aliases.join('、')}`);
      }
      return 0;
    }
    default:
      console.log(USAGE);
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
