/**
 * 沙箱结果 → 给用户看的中文说明。
 * 拒绝类（语句类型、多语句、文件/网络访问）只给中文；执行失败类在中文说明后附上 DuckDB 的原文，便于分析员排错。
 */

/** DuckDB StatementType 名称 → 中文。 */
export const STATEMENT_TYPE_ZH: Record<string, string> = {
  INVALID: '无效语句',
  SELECT: '查询',
  INSERT: '插入数据（INSERT）',
  UPDATE: '更新数据（UPDATE）',
  EXPLAIN: '执行计划（EXPLAIN）',
  DELETE: '删除数据（DELETE/TRUNCATE）',
  PREPARE: '预编译语句（PREPARE）',
  CREATE: '创建对象（CREATE）',
  EXECUTE: '执行预编译语句（EXECUTE）',
  ALTER: '修改结构（ALTER/COMMENT ON）',
  TRANSACTION: '事务控制（BEGIN/COMMIT/ROLLBACK）',
  COPY: '导入导出（COPY）',
  ANALYZE: '统计分析（ANALYZE）',
  VARIABLE_SET: '设置变量（SET VARIABLE）',
  CREATE_FUNC: '创建函数',
  DROP: '删除对象（DROP）',
  EXPORT: '导出数据库（EXPORT DATABASE）',
  PRAGMA: '编译指示（PRAGMA）',
  VACUUM: '整理数据库（VACUUM/ANALYZE）',
  CALL: '调用过程（CALL/CHECKPOINT）',
  SET: '修改设置（SET/RESET/USE）',
  LOAD: '安装或加载扩展（INSTALL/LOAD）',
  RELATION: '关系语句',
  EXTENSION: '扩展语句',
  LOGICAL_PLAN: '逻辑计划',
  ATTACH: '挂载数据库（ATTACH）',
  DETACH: '卸载数据库（DETACH）',
  MULTI: '多条语句',
  COPY_DATABASE: '复制数据库（COPY FROM DATABASE）',
  UPDATE_EXTENSIONS: '更新扩展（UPDATE EXTENSIONS）',
  MERGE_INTO: '合并写入（MERGE INTO）'
};

export const ALLOWED_KINDS_ZH = 'SELECT、WITH、FROM 开头的查询、VALUES、PIVOT/UNPIVOT、DESCRIBE、SUMMARIZE、SHOW、EXPLAIN';

export type SandboxFailureKind =
  | 'empty'
  | 'multi'
  | 'type'
  | 'parse'
  | 'prepare'
  | 'run'
  | 'timeout'
  | 'open'
  | 'crash'
  | 'busy'
  | 'too-long';

export interface FailureInfo {
  kind: SandboxFailureKind;
  detail: string;
  statementType?: string;
  count?: number;
}

export interface MessageContext {
  timeoutMs: number;
  memoryLimitMb: number;
}

/** 去掉 DuckDB 错误里的多余换行与 LINE 提示，只保留第一段。 */
function firstParagraph(detail: string): string {
  const p = (detail.split(/\n\s*\n/)[0] ?? detail).replace(/^Failed to extract statements:\s*/i, '');
  return p.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/** 把工作进程报告的失败翻译成中文。 */
export function failureMessage(f: FailureInfo, ctx: MessageContext): string {
  const d = firstParagraph(f.detail ?? '');
  switch (f.kind) {
    case 'empty':
      return 'SQL 为空：没有可执行的语句（只有空白或注释）。';
    case 'too-long':
      return 'SQL 过长，已拒绝。';
    case 'multi':
      return `一次只能执行一条语句，本次提交包含 ${f.count ?? '多'} 条语句，已拒绝。（如果写的是 PIVOT：不带 IN (…) 列表的 PIVOT 会被 DuckDB 拆成两条语句，请在 ON 列名后写出 IN (…) 取值列表。）`;
    case 'type': {
      const t = f.statementType ?? 'INVALID';
      return `只允许只读查询（${ALLOWED_KINDS_ZH}）；本语句是“${STATEMENT_TYPE_ZH[t] ?? t}”，已拒绝。`;
    }
    case 'timeout':
      return `查询超过时间上限（${Math.round(ctx.timeoutMs / 1000)} 秒），已中止。请缩小查询范围或先聚合再查询。`;
    case 'crash':
      return `查询进程异常退出（很可能超出内存上限 ${ctx.memoryLimitMb} MB），已重启沙箱。请缩小查询范围或加 LIMIT。`;
    case 'busy':
      return '查询队列已满，请稍后再试。';
    case 'open':
      if (/lock/i.test(d)) return '数仓正在重建（文件被占用），请稍后再试。';
      if (/does not exist|No such file|cannot open/i.test(d)) return '数仓文件不存在，请先运行 ETL 生成数仓。';
      return '无法打开数仓，请联系管理员。';
    case 'parse':
    case 'prepare':
    case 'run':
      return describeDuckDbError(d, ctx);
  }
}

function describeDuckDbError(d: string, ctx: MessageContext): string {
  if (/^Permission Error/i.test(d) || /file system operations are disabled|external extensions is disabled|disabled through configuration/i.test(d)) {
    return '沙箱禁止此操作：查询不得读写文件、访问网络、安装或加载扩展，已拒绝。';
  }
  if (/configuration has been locked/i.test(d)) return '沙箱禁止修改数据库设置，已拒绝。';
  if (/read-only mode|attached in read-only/i.test(d)) return '数仓是只读的，不允许修改，已拒绝。';
  if (/^INTERRUPT/i.test(d)) return `查询超过时间上限（${Math.round(ctx.timeoutMs / 1000)} 秒），已中止。`;
  if (/Out of Memory/i.test(d)) return `查询超出内存上限（${ctx.memoryLimitMb} MB），请缩小查询范围、先聚合或加 LIMIT。原文：${d}`;
  if (/^Parser Error/i.test(d)) return `SQL 语法错误：${d}`;
  if (/^Catalog Error/i.test(d)) return `找不到表、列或函数（可在左侧数据字典查看可用的表）：${d}`;
  if (/^Binder Error/i.test(d)) return `SQL 绑定错误（列名、类型或函数参数不匹配）：${d}`;
  if (/^(Conversion|Invalid Input|Out of Range) Error/i.test(d)) return `数据转换错误：${d}`;
  if (/^Not implemented Error/i.test(d)) return `DuckDB 不支持此写法：${d}`;
  return `查询失败：${d}`;
}
