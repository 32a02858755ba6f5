export { WorkingCalendar, type CalendarDay, type DueDate } from './working-calendar';
export * from './calendar-date';
