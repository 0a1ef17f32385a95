import { Client, Connection } from '@temporalio/client';
import { findFreePort } from '../../scripts/services/ports';

/**
 * Runs `use` with a Temporal client of an address nobody listens on, for what the app does while Temporal is
 * down; the connection is lazy, so nothing fails before the first call, and it is closed afterwards.
 */
export async function withUnreachableTemporal<T>(use: (temporal: Client) => Promise<T>): Promise<T> {
  const connection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
  try {
    return await use(new Client({ connection, namespace: 'default' }));
  } finally {
    await connection.close();
  }
}
