/** The named variables of an environment, an empty one counted as unset (as a blank line in an env file means). */
export function setVariables<Name extends string>(
  env: NodeJS.ProcessEnv,
  names: readonly Name[],
): Partial<Record<Name, string>> {
  return Object.fromEntries(names.map((name) => [name, env[name] || undefined])) as Partial<
    Record<Name, string>
  >;
}
