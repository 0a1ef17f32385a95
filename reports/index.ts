export { computeAnnualReport, yearBounds, calendarDaysBetween, median } from './annual-report';
export type {
  AnnualReportFigures,
  MinistryFigures,
  OrganisationFigures,
  MonthFigures,
} from './annual-report';
export type { ReportedSignal } from './reported-signal';
export { annualReportParagraph } from './paragraph';
export { signalsToCsv, daysOverdue, CSV_COLUMNS } from './csv';
export type { SignalCsvRow } from './csv';
