import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { searchAttributeDefinitions } from '../../shared/search-attributes';
import { root } from '../../scripts/deploy/tools';

/**
 * deploy/temporal/values.postgresql.yaml configures the official Temporal chart, which is not in this repository
 * (docs/production.md: rendered with it and validated by hand). What can drift on our side is checked here: the
 * search attributes its hook registers are exactly the product's, both stores are PostgreSQL with the password
 * only in an existing Secret, and the namespace is the one the chart of signaalloket connects to.
 */
interface SqlStore {
  pluginName: string;
  databaseName: string;
  existingSecret?: string;
  password?: string;
}
interface TemporalValues {
  server: {
    config: {
      persistence: { datastores: Record<string, { sql: SqlStore }> };
      namespaces: { create: boolean; namespace: Array<{ name: string }> };
    };
  };
  extraObjects: string[];
}

const values = parse(
  fs.readFileSync(path.join(root, 'deploy', 'temporal', 'values.postgresql.yaml'), 'utf8'),
) as TemporalValues;
const productValues = parse(
  fs.readFileSync(path.join(root, 'deploy', 'helm', 'signaalloket', 'values.yaml'), 'utf8'),
) as { config: { temporal: { namespace: string } } };

test('the hook registers exactly the search attributes the product defines, on its namespace', () => {
  const job = values.extraObjects.find((object) => object.includes('search-attribute create'));
  const list = /for attribute in ([^;]+); do/.exec(job ?? '')?.[1];
  const registered = (list ?? '').split(/\s+/).map((pair) => pair.split('=') as [string, string]);
  expect(registered).toEqual(searchAttributeDefinitions);
  const namespace = productValues.config.temporal.namespace;
  expect(job).toContain(`--namespace ${namespace} `);
  expect(values.server.config.namespaces.create).toBe(true);
  expect(values.server.config.namespaces.namespace.map((entry) => entry.name)).toContain(namespace);
});

test('persistence and visibility are PostgreSQL, their password only in an existing Secret', () => {
  const stores = values.server.config.persistence.datastores;
  expect(Object.keys(stores).sort()).toEqual(['default', 'visibility']);
  expect(Object.values(stores).map((store) => [store.sql.pluginName, store.sql.databaseName])).toEqual([
    ['postgres12', 'temporal'],
    ['postgres12', 'temporal_visibility'],
  ]);
  for (const store of Object.values(stores)) {
    expect(store.sql.existingSecret).toBeTruthy();
    expect(store.sql).not.toHaveProperty('password');
  }
});
