/** 由清单生成 data/sample/README.md：文件、形状数据、每一处故意的问题及 ETL 应有的处理。 */
import type { SampleManifest } from './generate';
import type { GenContext } from './context';
import type { MessEntry } from './mess';

const MAX_ROWS = 300;

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(entries: MessEntry[], withUnit = true): string {
  if (entries.length === 0) return '（无）\n';
  const head = withUnit ? '| 文件 | 行号 | 列 | 值 | 单位 / 键 | 问题 | ETL 应如何处理 |\n|---|---:|---|---|---|---|---|\n' : '| 文件 | 行号 | 列 | 值 | 问题 | ETL 应如何处理 |\n|---|---:|---|---|---|---|\n';
  const shown = entries.slice(0, MAX_ROWS);
  const body = shown
    .map((e) => {
      const who = [e.unit, e.key].filter(Boolean).join(' / ');
      const cells = [e.file, e.line ? String(e.line) : '—', e.column || '—', e.value === '' ? '（空）' : e.value, ...(withUnit ? [who || '—'] : []), e.what, e.expected];
      return `| ${cells.map((c) => esc(c)).join(' | ')} |`;
    })
    .join('\n');
  const more = entries.length > shown.length ? `\n\n另有 ${entries.length - shown.length} 处，见 manifest.json。` : '';
  return head + body + more + '\n';
}

export function renderReadme(m: SampleManifest, ctx: GenContext, isDefault: boolean): string {
  const o = m.options;
  const f = m.figures as Record<string, any>;
  const by = (c: MessEntry['category']) => m.mess.filter((e) => e.category === c);
  const rejects = by('reject');
  const rejectsByFile = new Map<string, number>();
  for (const e of rejects) rejectsByFile.set(e.file, (rejectsByFile.get(e.file) ?? 0) + 1);
  const lines: string[] = [];
  const p = (s = '') => lines.push(s);

  p('# 示例数据');
  p();
  p(`本目录由样例数据生成器写出，**不要手工修改**：\`npm run sample -- --units ${o.units} --seed ${o.seed} --ledger-rows ${o.ledgerRows} --as-of ${o.asOf} --formats ${o.formats}\`${isDefault ? '（即默认选项 `npm run sample`）' : ''}。`);
  p('同样的选项总是生成逐字节相同的文件；测试 tests/sample 会重新生成并与这里比对，所以改了生成器就要重新生成本目录。');
  p('所有单位、企业、人名、园区与孵化器名称都是虚构的；统一社会信用代码按 GB 32100 计算校验位，但不对应真实机构。');
  p('`manifest.json` 是本说明的机器可读版本（每一处问题的文件、行号、列、值、期望处理）；`.sample-data` 标记本目录为示例数据。');
  p();
  p('## 概况');
  p();
  p(`- 单位 ${m.units.count} 个：${Object.entries(m.units.byType).map(([k, v]) => `${k} ${v}`).join('、')}；主管部门 ${Object.entries(m.units.byDept).map(([k, v]) => `${k} ${v}`).join('、')}。`);
  p(`- 台账 ${o.ledgerRows} 项成果（每单位行数与单位规模成正比），其中已转化 ${f.convertedAchievements} 项；转化合同 ${f.contracts} 份（2022–2025 年：${Object.entries(f.contractsByYear as Record<string, number>).map(([y, n]) => `${y} 年 ${n}`).join('、')}），合计 ${f.contractWan} 万元。`);
  p(`- 转化方式（按合同数）：${Object.entries(f.methodSharePct as Record<string, number>).map(([k, v]) => `${k} ${v}%`).join('、')}；平均金额：${Object.entries(f.methodMeanWan as Record<string, number>).map(([k, v]) => `${k} ${v} 万元`).join('、')}。`);
  p(`- 100 万元及以上的合同占合同数 ${f.bigContractsCountPct}%、占金额 ${f.bigContractsWanPct}%。`);
  p(`- 年度报告 ${f.annualReportRows} 行（含故意的错行），迟报 ${f.annualReportsLate} 份、未报 ${f.annualReportsMissing} 份、与合同明细对不上 ${f.misreportedUnitYears} 份；设有技术转移机构的单位占比（按年报）${Object.entries(f.ttoSharePctByYear as Record<string, number>).map(([y, v]) => `${y} 年 ${v}%`).join('、')}。`);
  p(`- 大学科技园 ${f.parks} 个、孵化器 ${f.incubators} 个（${Object.entries(f.incubatorsByLevel as Record<string, number>).map(([k, v]) => `${k} ${v}`).join('、')}），2022–2025 年评估 ${f.parkEvaluationRows} 行，评为优秀的占 ${f.excellentSharePct}%。`);
  p(`- 任务进展周报：${m.weekly.weeks[0]} 至 ${m.weekly.weeks[m.weekly.weeks.length - 1]} 共 ${m.weekly.weeks.length} 周，每周 ${m.weekly.pairs} 个（任务，责任部门）组合（任务与部门取自 ${ctx.policy.profile.source_file}；牵头 + 配合，科研单位本身不报周报），共 ${m.weekly.rows} 行；窗口内计划完成日期顺延 ${m.weekly.postponements} 次；最后一周状态：${Object.entries(m.weekly.statusLastWeek).map(([k, v]) => `${k} ${v}`).join('、')}。`);
  p();
  p('## 文件');
  p();
  p('行数为表头以下的行数（含故意的错行、合计行、空行和表尾说明）。');
  p();
  p('| 文件 | 类别 | 格式 | 行数 | 其中非数据行 | 应拒绝的行 | 字节 |');
  p('|---|---|---|---:|---:|---:|---:|');
  for (const file of m.files) {
    p(`| ${esc(file.file)} | ${file.kind} | ${esc(file.format)} | ${file.rows} | ${file.nonDataRows} | ${rejectsByFile.get(file.file) ?? 0} | ${file.bytes} |`);
  }
  p();
  p('## 行号与处理约定');
  p();
  p('- 行号是文件中的物理行号：CSV 的表头为第 1 行（UTF-8 BOM 不影响行号）；xlsx 为 Excel 行号（第 1 行为合并的标题，第 2 行为制表信息（制表日期为日期单元格），第 3 行为表头；表下有空行、说明行、填表人行和“数据截至：| 日期单元格”行）。');
  p('- 下面“应拒绝”的行（含合计行和表格下方的说明行）必须进入拒绝表（文件、行号、列、中文原因），不能被悄悄修正或丢弃；空行不是数据行，直接跳过；其余各节的行都应入库。');
  p(`- “取得满 N 年未转化”以 --as-of（${o.asOf}）为基准日计算；涉密成果不适用先用后付成果池规则（它们本就不得入池）。`);
  p('- 年度报告中的转让 / 许可 / 作价投资合同数与金额由合同明细汇总而来（“其他”方式的合同不在这三类中）；被拒绝的合同行在年报中仍按原值计入，所以这些单位的对账也会有差额。');
  p('- 台账中“转化金额（万元）”是该成果全部合同金额之和，“转化频次”是合同份数，“转化方式”是第一份合同的方式。');
  p();
  p(`## 应拒绝的行（${rejects.length} 处）`);
  p();
  p(table(rejects));
  const viol = by('violation');
  p(`## 违反政策规则的行（${viol.length} 处，应入库并在合规页标出）`);
  p();
  p('基础数据全部合规；下表是故意加入的违规。规则与条款：');
  p();
  for (const [id, r] of Object.entries(m.rules)) p(`- \`${id}\`（${r.profile}${r.inDefault ? '，默认配置检查' : '，默认配置不检查'}）：${r.clause}`);
  p();
  p(table(viol));
  p(`## 报送及时性（${by('timeliness').length} 处）`);
  p();
  p('年度报告截止日为次年 1 月 31 日；行号为 — 的是没有报送（文件中没有这一行）。周报中某部门整周未报也列在这里。');
  p();
  p(table(by('timeliness')));
  p(`## 年报、台账与合同对不上（${by('reconcile').length} 处，对账页应显示）`);
  p();
  p(table(by('reconcile')));
  p(`## 奖补资格（${by('eligibility').length} 处）`);
  p();
  p('辽宁（十）：年度评估优秀的大学科技园、优秀的省级以上孵化器，每家不超过 50 万元。以下申请不符合条件或超过上限。');
  p();
  p(table(by('eligibility')));
  p(`## 需要规范化的写法（${by('normalize').length} 处逐行列出，另有整份文件的写法见“文件”一节的格式列）`);
  p();
  p('- 表头：同义词（科技成果名称、单位、统一社会信用代码、合同号、受让方、签订时间、报送日期、业务主管部门、任务编号、填报部门、完成比例、进展情况、载体名称、得分、评估结果、取得日期、完成人（团队）、转化形式）、半角括号（转化金额(万元)）、括号前的空格（转化金额 （万元））、列顺序不同、缺少可选列。');
  p('- 编码：UTF-8、UTF-8 带 BOM（省工业和信息化厅台账、2024 年报）、GBK 且 CRLF 换行（省卫生健康委台账）。');
  p('- 值：日期写作 2023-05-04、2023/5/4、2023年5月4日；金额带千位分隔符（"1,234.5"，CSV 中加引号）；布尔值为 是/否；赋权方式“无”在省科技厅台账中留空（空视为无）；xlsx 中有真实日期单元格、文本数字（"92.5"、带千位分隔符的在孵企业数、"50万元"、"50.0万元"）、合计公式。');
  p('- 部门：2025 年报的主管部门与一周周报的责任部门用了全称或简称，按 data/policy/departments.yaml 的别名归一。');
  p();
  p(table(by('normalize')));
  return lines.join('\n') + '\n';
}
