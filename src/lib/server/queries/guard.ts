import { error } from '@sveltejs/kit';
import { WarehouseMissingError } from '$lib/server/db/warehouse';

/** Run a page's queries; a missing warehouse becomes a 503 with a Chinese message instead of a stack trace. */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof WarehouseMissingError) error(503, e.message);
    console.error(e);
    error(500, `查询失败：${(e as Error).message.slice(0, 200)}`);
  }
}
