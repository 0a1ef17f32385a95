import { STAFF_ROLES, type Principal } from '../auth/principal';
import { presentDetail, presentSummary, presentTransition } from './present';
import { presentDetailForSubmitter, presentTransitionForSubmitter } from './submitter-view';

/** How a signal is shown to one caller; every answer about signals takes its presenter from `presenterFor`. */
export interface SignalPresenter {
  summary: typeof presentSummary;
  detail: typeof presentDetail;
  transition: typeof presentTransition;
}

/** The loket (coordinators, the lead) and the admin: everything, including replies and internal notes. */
const loketPresenter: SignalPresenter = {
  summary: presentSummary,
  detail: presentDetail,
  transition: presentTransition,
};

/** The submitting organisation: its own signals, without the loket's internal side (submitter-view.ts). */
const submitterPresenter: SignalPresenter = {
  summary: presentSummary,
  detail: presentDetailForSubmitter,
  transition: presentTransitionForSubmitter,
};

/** The one place the role picks the view; a role not known as staff gets the submitter's (the narrower) view. */
export function presenterFor(principal: Principal): SignalPresenter {
  return principal.kind === 'user' && STAFF_ROLES.includes(principal.role)
    ? loketPresenter
    : submitterPresenter;
}
