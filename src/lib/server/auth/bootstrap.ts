/**
 * 首次启动：用户表为空时创建 admin，口令为新生成的随机一次性口令（打印到控制台，首次登录后必须修改）。
 * 从不使用已知的默认口令。
 */
import type { AppDb } from '../appdb';
import { generatePassword } from './password';
import { countUsers, createUser } from './users';

export const INITIAL_ADMIN = 'admin';

/** 返回新建时的一次性口令；已有用户时返回 null。 */
export async function ensureInitialAdmin(db: AppDb, log: (msg: string) => void = console.log): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = generatePassword(16);
  await createUser(
    db,
    { username: INITIAL_ADMIN, password, role: 'admin', mustChangePassword: true, skipStrengthCheck: true },
    { name: 'system' }
  );
  log(
    [
      '',
      '============================================================',
      ' 首次启动：已创建系统管理员账号（一次性口令，只显示这一次）',
      `   用户名：${INITIAL_ADMIN}`,
      `   口令：  ${password}`,
      ' 登录后须立即修改密码。忘记时可停止服务后运行：',
      `   npm run user -- passwd ${INITIAL_ADMIN}`,
      '============================================================',
      ''
    ].join('\n')
  );
  return password;
}
