/**
 * Hand-written material for one department: each issue is `title|body`, where the body may name
 * {place} (an address in Fuyang), {estate} (a housing estate), {road} (a city street), {time} (a date or a
 * duration) and {n} (a number). Written for this corpus, in the register of 12345 records and mailbox letters.
 */
export interface DepartmentBank {
  department: string;
  issues: readonly string[];
  /** What this caller asks for, in words that belong to the department's remit. */
  asks: readonly string[];
}
