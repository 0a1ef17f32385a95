import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  SignalMinistriesAttribute,
  SignalNextDeadlineAttribute,
  SignalOrganisationAttribute,
  SignalOverdueAttribute,
  SignalStatusAttribute,
} from '../shared/search-attributes';
import { toSnapshot, type LifecycleState } from './lifecycle-state';

/** Status, organisation, ministries, next deadline and overdue, for Temporal's own list views and filters. */
export function publishSearchAttributes(state: LifecycleState): void {
  const current = toSnapshot(state);
  upsertSearchAttributes([
    { key: SignalStatusAttribute, value: current.status },
    { key: SignalOrganisationAttribute, value: state.organisationCode },
    {
      key: SignalMinistriesAttribute,
      value: current.ministries.length > 0 ? current.ministries.map((m) => m.ministryCode) : null,
    },
    {
      key: SignalNextDeadlineAttribute,
      value: current.nextDeadlineAt ? new Date(current.nextDeadlineAt) : null,
    },
    { key: SignalOverdueAttribute, value: current.overdue },
  ]);
}
