import { auditLog, type DbOrTx } from "@bilet/db";

export interface AuditEntry {
  actorUserId?: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  ip?: string | null;
  data?: Record<string, unknown>;
}

export async function audit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actorUserId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    ip: entry.ip ?? null,
    data: entry.data ?? {},
  });
}
