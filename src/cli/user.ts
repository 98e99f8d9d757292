/**
 * 用户管理命令行（服务停止时使用；服务运行时应用库被其独占，请用网页 /admin/users）。
 *
 *   npm run user -- add 张三 --role dept --dept 省教育厅   # 密码从标准输入读取（终端里不回显，输入两次）
 *   npm run user -- list
 *   npm run user -- disable 张三
 *   npm run user -- enable 张三
 *   npm run user -- passwd 张三 [--temporary]               # --temporary：下次登录须修改
 *   npm run user -- role 张三 --role analyst
 *
 * 应用库路径：环境变量 APP_DB_PATH（默认 data/app/app.duckdb）。
 * 管道输入：echo '密码' | npm run user -- add bob --role viewer
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { AppDb, appDbPathFromEnv } from '../lib/server/appdb/index';
import { ROLE_LABELS } from '../lib/types/user';
import { createUser, isRole, listUsers, ROLES, setDisabled, setPassword, setRole, UserError, type Actor } from '../lib/server/auth/users';
import { readNewPassword } from './prompt';
import { formatTable } from './table';

const USAGE = `用法：
  npm run user -- add 用户名 --role 角色 [--dept 部门]
  npm run user -- list
  npm run user -- disable 用户名
  npm run user -- enable 用户名
  npm run user -- passwd 用户名 [--temporary]
  npm run user -- role 用户名 --role 角色 [--dept 部门]
角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')}
部门负责人（dept）必须用 --dept 指定部门。密码从标准输入读取，终端里不回显。`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      dept: { type: 'string' },
      temporary: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  });
  const [command, name] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const needName = () => {
    if (!name) throw new UsageError(`缺少用户名。\n${USAGE}`);
    return name;
  };
  const needRole = () => {
    if (!isRole(values.role)) throw new UsageError(`--role 必须是 ${ROLES.join(' / ')} 之一。`);
    return values.role;
  };

  const actor: Actor = { name: `cli:${safeOsUser()}` };
  const db = await AppDb.open(appDbPathFromEnv());
  try {
    switch (command) {
      case 'add': {
        const username = needName();
        const role = needRole();
        const password = await readNewPassword();
        const u = await createUser(db, { username, password, role, dept: values.dept ?? null, mustChangePassword: values.temporary }, actor);
        console.log(`已创建用户 ${u.username}（${ROLE_LABELS[u.role]}${u.dept ? '，' + u.dept : ''}）。`);
        return 0;
      }
      case 'list': {
        const users = await listUsers(db);
        const cols = ['用户名', '角色', '部门', '状态', '创建时间（UTC）'].map((n) => ({ name: n, type: 'VARCHAR' }));
        const rows = users.map((u) => [
          u.username,
          `${u.role}（${ROLE_LABELS[u.role]}）`,
          u.dept,
          u.disabled ? '已停用' : u.must_change_password ? '待修改初始密码' : '正常',
          u.created_at.toISOString().slice(0, 19).replace('T', ' ')
        ]);
        console.log(formatTable(cols, rows));
        console.log(`共 ${users.length} 个用户。`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const username = needName();
        await setDisabled(db, username, command === 'disable', actor);
        console.log(command === 'disable' ? `已停用 ${username}，其会话已全部失效。` : `已启用 ${username}。`);
        return 0;
      }
      case 'passwd': {
        const username = needName();
        const password = await readNewPassword();
        await setPassword(db, username, { password, mustChangePassword: values.temporary }, actor);
        console.log(`已修改 ${username} 的密码${values.temporary ? '（下次登录须修改）' : ''}，其会话已全部失效。`);
        return 0;
      }
      case 'role': {
        const username = needName();
        const u = await setRole(db, username, needRole(), values.dept ?? null, actor);
        console.log(`已将 ${username} 的角色改为 ${ROLE_LABELS[u.role]}${u.dept ? '（' + u.dept + '）' : ''}。`);
        return 0;
      }
      default:
        throw new UsageError(`未知命令 ${command}。\n${USAGE}`);
    }
  } finally {
    db.close();
  }
}

function safeOsUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(e instanceof UserError || e instanceof UsageError ? msg : `错误：${msg}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }
);
