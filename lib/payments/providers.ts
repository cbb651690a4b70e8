import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentProviders, type PaymentProviderRow } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import type { OperatorUser } from '@/lib/auth/guards';
import { ownedBy, type Tenant } from '@/lib/auth/scope';
import { DomainError } from '@/lib/errors';
import type { ProviderData } from './files-schemas';

// An operator's payment providers (Wing, a bank, a cash agent) and the layout of the files each
// takes. A list's file is written in the layout chosen at download, so changing or deleting a
// provider never changes a list: nothing refers to a provider but the download's audit row.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listProviders(actor: Tenant): Promise<PaymentProviderRow[]> {
  return db()
    .select()
    .from(paymentProviders)
    .where(ownedBy(paymentProviders, actor))
    .orderBy(asc(paymentProviders.name));
}

/** One of the actor's providers; another operator's is not found. */
export async function getProvider(actor: Tenant, id: string): Promise<PaymentProviderRow> {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
  const [row] = await db()
    .select()
    .from(paymentProviders)
    .where(and(ownedBy(paymentProviders, actor), eq(paymentProviders.id, id)));
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

/** Two providers of one operator cannot share a name (the unique index answers it). */
function nameTaken(e: unknown): never {
  const code =
    (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') throw new DomainError('CONFLICT', 'providerNameTaken', { name: ['providerNameTaken'] });
  // A list that names the provider keeps it.
  if (code === '23503') throw new DomainError('CONFLICT', 'providerInUse');
  throw e;
}

export async function createProvider(actor: OperatorUser, data: ProviderData): Promise<{ id: string }> {
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(paymentProviders)
        .values({ operatorId: actor.operatorId, name: data.name, channel: data.channel, layout: data.layout })
        .returning();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'paymentProvider.create',
        entityType: 'payment_provider',
        entityId: row!.id,
        after: { name: row!.name, channel: row!.channel, layout: row!.layout },
      });
      return { id: row!.id };
    });
  } catch (e) {
    return nameTaken(e);
  }
}

export async function updateProvider(
  actor: OperatorUser,
  id: string,
  version: number,
  data: ProviderData,
): Promise<{ id: string; version: number }> {
  try {
    return await db().transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(paymentProviders)
        .where(and(ownedBy(paymentProviders, actor), eq(paymentProviders.id, id)))
        .for('update');
      if (!before) throw new DomainError('NOT_FOUND');
      if (before.version !== version) throw new DomainError('CONFLICT', 'CONFLICT');
      const [row] = await tx
        .update(paymentProviders)
        .set({
          name: data.name,
          channel: data.channel,
          layout: data.layout,
          version: version + 1,
          updatedAt: new Date(),
        })
        .where(eq(paymentProviders.id, before.id))
        .returning();
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'paymentProvider.update',
        entityType: 'payment_provider',
        entityId: id,
        before: { name: before.name, channel: before.channel, layout: before.layout },
        after: { name: row!.name, channel: row!.channel, layout: row!.layout },
      });
      return { id, version: row!.version };
    });
  } catch (e) {
    return nameTaken(e);
  }
}

export async function deleteProvider(actor: OperatorUser, id: string): Promise<{ id: string }> {
  return db()
    .transaction(async (tx) => {
      const [row] = await tx
        .delete(paymentProviders)
        .where(and(ownedBy(paymentProviders, actor), eq(paymentProviders.id, id)))
        .returning();
      if (!row) throw new DomainError('NOT_FOUND');
      await writeAudit(tx, {
        operatorId: actor.operatorId,
        actorId: actor.id,
        action: 'paymentProvider.delete',
        entityType: 'payment_provider',
        entityId: id,
        before: { name: row.name, channel: row.channel, layout: row.layout },
      });
      return { id };
    })
    .catch(nameTaken);
}
