import type { DashboardRole, OidcSettings } from '../../../shared/config-sign-in';

/**
 * What the identity provider's claims mean here: the role (from a configurable claim, mapped by configuration;
 * nothing mapped is no role at all) and whether the sign-in's assurance level (`acr`) is one that is required.
 */
type Claims = Record<string, unknown>;

/** The claim at a dotted path (`realm_access.roles`), or the claim of that literal name. */
function claimAt(claims: Claims, path: string): unknown {
  if (path in claims) return claims[path];
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value && typeof value === 'object' ? (value as Claims)[key] : undefined),
      claims,
    );
}

export function claimValues(claims: Claims, path: string): string[] {
  const value = claimAt(claims, path);
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The dashboard role the claims give: the first entry of the map the user holds; none: null (no access). */
export function roleFromClaims(
  claims: Claims,
  settings: Pick<OidcSettings, 'roleClaim' | 'roleMap'>,
): DashboardRole | null {
  const held = new Set(claimValues(claims, settings.roleClaim));
  return settings.roleMap.find((entry) => held.has(entry.value))?.role ?? null;
}

/** No requirement: any sign-in will do; otherwise the ID token's acr must be one of the required values. */
export function acrSatisfies(acr: unknown, required: readonly string[]): boolean {
  return required.length === 0 || (typeof acr === 'string' && required.includes(acr));
}

export const stringClaim = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
