// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/types/user';

declare global {
  namespace App {
    interface Locals {
      /** The logged-in user, set by hooks.server.ts; null for anonymous requests. */
      user: SessionUser | null;
    }
    interface Error {
      message: string;
    }
  }
}
export {};
