// Posts a form's data (files included, as multipart) to an /api/v1 upload route and reads the answer in
// the API's one shape (lib/api/respond.ts). A network failure throws, as fetch does.

export type PostAnswer<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; messageKey: string; fieldErrors: Record<string, string[] | undefined> };

interface ApiErrorBody {
  error?: { code?: string; messageKey?: string; fields?: Record<string, string[]> };
}

export async function postForm<T>(url: string, data: FormData): Promise<PostAnswer<T>> {
  const res = await fetch(url, { method: 'POST', body: data, headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, data: body as T };
  const error = (body as ApiErrorBody | null)?.error;
  // A refusal from in front of the route (the server's size check) may have no JSON body: the status says it.
  const fallback = res.status === 413 ? 'TOO_LARGE' : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
  return {
    ok: false,
    status: res.status,
    messageKey: error?.messageKey ?? error?.code ?? fallback,
    fieldErrors: error?.fields ?? {},
  };
}
