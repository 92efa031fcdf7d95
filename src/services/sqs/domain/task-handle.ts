/**
 * A message move task's handle: base64 of `{"taskId":…,"sourceArn":…}`, the form AWS's handles
 * take. Opaque to clients; a string that does not decode to one names no task, so it is answered
 * without asking the store (PostgreSQL cannot even compare text holding U+0000).
 */
export function encodeTaskHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn })).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function isTaskHandle(handle: string): boolean {
  if (!BASE64.test(handle)) return false;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
    const { taskId, sourceArn } = (decoded ?? {}) as Record<string, unknown>;
    return typeof taskId === 'string' && typeof sourceArn === 'string';
  } catch {
    return false;
  }
}
