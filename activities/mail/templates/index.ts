export {
  composeMail,
  LINK_REISSUED_TEMPLATE,
  type MailLink,
  type MailTemplate,
  type MinistryNames,
  type TemplateContext,
} from './catalog';
export { renderMail, type MailContent, type RenderedMail } from './layout';
export {
  formatDate,
  formatDateTime,
  formatDay,
  formatDeadline,
  type Language,
} from '../../../shared/response-links/format';
