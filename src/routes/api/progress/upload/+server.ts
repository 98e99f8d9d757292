/**
 * 上传周报文件（multipart/form-data：file，dept，mode = preview | commit）。
 * 文件（.csv 任意编码或 .xlsx）由 ETL 的读取层解析，再按 ETL 的同一套 SQL 规则校验；preview 只返回解析结果与错误，
 * commit 在没有任何错误时保存（全部或全不）。
 */
import { json } from '@sveltejs/kit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RequestHandler } from './$types';
import { uploadFile } from '$lib/server/progress';
import { actorOf, errorResponse } from '$lib/server/progress/http';

/** 上传文件的大小上限（字节）：与 adapter-node 默认的请求体上限（BODY_SIZE_LIMIT 512K）一致；一个部门一周的周报只有几十行。 */
const MAX_UPLOAD_BYTES = 512 * 1024;

export const POST: RequestHandler = async (event) => {
  const actor = actorOf(event);
  if (actor instanceof Response) return actor;
  let form: FormData;
  try {
    form = await event.request.formData();
  } catch {
    return json({ error: '请以 multipart/form-data 上传文件。' }, { status: 400 });
  }
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return json({ error: '请选择要上传的周报文件。' }, { status: 400 });
  if (file.size > MAX_UPLOAD_BYTES) return json({ error: `文件过大（上限 ${MAX_UPLOAD_BYTES / 1024} KB）。` }, { status: 413 });
  const name = path.basename(file.name || 'upload').slice(0, 200);
  const ext = path.extname(name).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') return json({ error: `不支持的文件类型“${ext || '无扩展名'}”：只接受 .csv 和 .xlsx（旧版 .xls 请另存为 .xlsx）。` }, { status: 400 });
  const mode = form.get('mode') === 'commit' ? 'commit' : 'preview';
  const dept = typeof form.get('dept') === 'string' ? String(form.get('dept')) : null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'progress-upload-'));
  try {
    const tmp = path.join(dir, `upload${ext}`);
    writeFileSync(tmp, new Uint8Array(await file.arrayBuffer()));
    return json(await uploadFile(actor, { dept, path: tmp, fileName: name, commit: mode === 'commit' }));
  } catch (e) {
    return errorResponse(e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
