// The console's calls to its server: the admin API (operations in handler form, JSON) and the
// read-only admin routes (SQS peek, SNS recorded deliveries). The custom header is what the API's
// CSRF guard asks for; a page of another site cannot send it without a CORS grant, never given.

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Calls `operation` of `service` (`sqs`, `sns`, `kinesis`) with `input`; its output, or throws ApiError. */
export async function call(service, operation, input = {}) {
  const res = await fetch(`/_switchyard/console/api/${service}/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-switchyard-console': '1' },
    body: JSON.stringify(input),
  });
  return answer(res);
}

/** GET of an admin route, with `params` as its query. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  return answer(await fetch(`${path}?${query}`));
}

async function answer(res) {
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError('BadAnswer', `The server answered ${res.status} without JSON.`, res.status);
  }
  if (!res.ok) {
    const e = body.error;
    // The console API's errors are {error: {code, message}}; the older admin routes' {error, message}.
    if (e && typeof e === 'object') throw new ApiError(e.code, e.message, res.status);
    throw new ApiError(String(e ?? res.status), body.message ?? String(e ?? ''), res.status);
  }
  return body;
}

/** Every page of a listing: `page(token)` answers one, `next(out)` names the following token. */
export async function all(page, items, next, limit = 5000) {
  const out = [];
  let token;
  do {
    const res = await page(token);
    out.push(...(items(res) ?? []));
    token = next(res);
  } while (token && out.length < limit);
  return out;
}
