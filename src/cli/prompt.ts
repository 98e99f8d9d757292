/** 命令行输入：终端里不回显地读密码；管道输入时读第一行。 */

/** 从终端读一行且不回显（Ctrl-C 取消）。 */
export function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let buf = '';
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          process.stderr.write('\n');
          resolve(buf);
          return;
        }
        if (ch === '\u0003' || (ch === '\u0004' && buf === '')) {
          cleanup();
          process.stderr.write('\n');
          reject(new Error('已取消。'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          buf = Array.from(buf).slice(0, -1).join('');
          continue;
        }
        if (ch >= ' ') buf += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** 读取管道输入的全部内容，返回第一行（去掉行尾换行）。 */
export async function readFirstLineFromPipe(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** 读新密码：终端里输入两次（不回显）并比对；管道输入时读第一行。 */
export async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const a = await readHidden('新密码：');
    const b = await readHidden('再次输入：');
    if (a !== b) throw new Error('两次输入的密码不一致。');
    return a;
  }
  return readFirstLineFromPipe();
}
