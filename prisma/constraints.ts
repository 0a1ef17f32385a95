/**
 * Whether a write failed on a named unique constraint (PostgreSQL 23505). The pg driver names it in `constraint`;
 * Prisma wraps the driver's error (message, meta, cause) differently for raw and model queries: look at each.
 */
export function violatesConstraint(error: unknown, constraint: string): boolean {
  const mentions = (value: unknown): boolean => {
    try {
      return (typeof value === 'string' ? value : JSON.stringify(value ?? null)).includes(constraint);
    } catch {
      return false;
    }
  };
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const link = current as { message?: unknown; meta?: unknown; constraint?: unknown; cause?: unknown };
    if (mentions(link.message) || mentions(link.meta) || mentions(link.constraint)) return true;
    current = link.cause;
  }
  return false;
}
