import {
  clockStepKey,
  notificationKey,
  submittedEventKey,
  timelineEventKey,
} from '../../shared/business-keys';
import { signalWorkflowId } from '../../shared/ids';

// The formats are frozen: running workflows, committed histories and stored rows carry these exact strings.
describe('business keys', () => {
  const workflowId = signalWorkflowId('0b9e5a6e-1f7c-4c4e-9d0a-3f2b1c0d9e8f');

  it('keys the submitted event as the workflow’s first commit does, and as the API always did', () => {
    expect(submittedEventKey(workflowId)).toBe(`${workflowId}:v1:submitted`);
    expect(submittedEventKey(workflowId)).toBe(timelineEventKey(workflowId, 1, 'submitted'));
  });

  it('keeps the timeline, mail and clock formats', () => {
    expect(timelineEventKey(workflowId, 7, 'acknowledged:BZ')).toBe(`${workflowId}:v7:acknowledged:BZ`);
    expect(notificationKey(workflowId, 'v2', 'signal_sent')).toBe(`${workflowId}:v2:signal_sent`);
    expect(notificationKey(workflowId, 'v3', 'ministry_request', 'JenV')).toBe(
      `${workflowId}:v3:ministry_request:JenV`,
    );
    expect(notificationKey(workflowId, 'review-r1-reminder', 'review_reminder')).toBe(
      `${workflowId}:review-r1-reminder:review_reminder`,
    );
    expect(clockStepKey(`${workflowId}-ministry-bz`, 'reply-r1-escalation-2')).toBe(
      `${workflowId}-ministry-bz:reply-r1-escalation-2`,
    );
  });
});
