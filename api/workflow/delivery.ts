import { isGrpcServiceError } from '@temporalio/client';
import { chain } from '../http/infrastructure';

const GRPC_UNAVAILABLE = 14;

/**
 * Whether a call to Temporal failed before it reached the server: the channel never connected, so the request
 * was never sent and its effect certainly did not happen. (A timeout or a connection lost mid-call is not this:
 * the server may have taken the request.)
 */
export function updateNeverSent(error: unknown): boolean {
  for (const link of chain(error)) {
    if (
      isGrpcServiceError(link) &&
      (link.code as number) === GRPC_UNAVAILABLE &&
      /No connection established|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(link.message)
    ) {
      return true;
    }
  }
  return false;
}
