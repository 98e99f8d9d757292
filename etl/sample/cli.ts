/**
 * 样例数据生成器命令行：
 *   npm run sample -- [--units N] [--seed S] [--out DIR] [--ledger-rows M] [--as-of YYYY-MM-DD] [--formats mixed|csv]
 * 默认：--units 150 --seed 2025 --ledger-rows 40×units --as-of 2026-11-20 --formats mixed --out data/sample
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSample, resolveOptions, type SampleOptions } from './generate';

const HELP = `用法：npm run sample -- [选项]

  --units N            单位数（默认 150：高校、科研院所、医疗卫生机构各约三分之一）
  --seed S             随机种子（整数，默认 2025）；同样的选项生成逐字节相同的文件
  --out DIR            输出目录（默认 data/sample；只替换 台账/ 合同/ 年报/ 园区孵化器/ 周报/ README.md manifest.json .sample-data）
  --ledger-rows M      台账总行数（默认 单位数×40）
  --as-of YYYY-MM-DD   数据基准日（默认 2026-11-20）：周报取此前最近 12 周，“满三年未转化”以此为准
  --formats mixed|csv  mixed（默认）：按各单位实际报送的样子（BOM、GBK、xlsx、表头同义词）；
                       csv：全部 UTF-8 CSV、台账合为一个文件、不写 xlsx（用于性能测试）
  -h, --help           显示本说明`;

export function parseArgs(argv: string[]): Partial<SampleOptions> | 'help' {
  const out: Partial<SampleOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`无法识别的参数：${a}`);
    const name = m[1]!;
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`参数 --${name} 缺少取值`);
    const int = () => {
      if (!/^-?\d+$/.test(value)) throw new Error(`--${name} 应为整数：${value}`);
      return Number(value);
    };
    switch (name) {
      case 'units': out.units = int(); break;
      case 'seed': out.seed = int(); break;
      case 'ledger-rows': out.ledgerRows = int(); break;
      case 'out': out.out = path.resolve(value); break;
      case 'as-of': out.asOf = value; break;
      case 'formats':
        if (value !== 'mixed' && value !== 'csv') throw new Error(`--formats 应为 mixed 或 csv：${value}`);
        out.formats = value;
        break;
      default: throw new Error(`未知参数：--${name}（--help 查看用法）`);
    }
  }
  return out;
}

async function main() {
  let parsed: Partial<SampleOptions> | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
    if (parsed !== 'help') resolveOptions(parsed);
  } catch (e) {
    console.error(`错误：${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    console.log(HELP);
    return;
  }
  const t0 = performance.now();
  const m = await generateSample(parsed);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const opts = resolveOptions(parsed);
  const rel = path.relative(process.cwd(), opts.out) || '.';
  const f = m.figures as Record<string, unknown>;
  console.log(`已生成示例数据：${rel}（${secs} 秒）`);
  console.log(`  单位 ${m.units.count}，台账 ${m.options.ledgerRows} 行，合同 ${f.contracts} 份，年报 ${f.annualReportRows} 行，园区孵化器评估 ${f.parkEvaluationRows} 行，周报 ${m.weekly.rows} 行（${m.weekly.weeks.length} 周）`);
  const rejects = m.mess.filter((e) => e.category === 'reject').length;
  const viol = m.mess.filter((e) => e.category === 'violation').length;
  console.log(`  文件 ${m.files.length} 个；应拒绝的行 ${rejects} 处，违规 ${viol} 处；说明见 ${path.join(rel, 'README.md')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
