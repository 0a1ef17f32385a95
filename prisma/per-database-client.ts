import type { PrismaClient } from '../generated/prisma/client';

/**
 * One instance per database client, made on first use: state that every request of a process shares (the API key
 * cache, the workflowStartedAt queue, the rate limits' group commit) without each caller having to pass it along.
 */
export function perDatabaseClient<T>(create: (prisma: PrismaClient) => T): (prisma: PrismaClient) => T {
  const instances = new WeakMap<PrismaClient, T>();
  return (prisma) => {
    let instance = instances.get(prisma);
    if (!instance) {
      instance = create(prisma);
      instances.set(prisma, instance);
    }
    return instance;
  };
}
