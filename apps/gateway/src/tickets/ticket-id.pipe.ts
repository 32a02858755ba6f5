import { type PipeTransform } from '@nestjs/common';
import { checkTicketId } from './ticket-list';

/** `@Param('id', TicketIdPipe)`: a malformed ticket id is refused before the body is looked at. */
export class TicketIdPipe implements PipeTransform<string, string> {
  transform(id: string): string {
    checkTicketId(id);
    return id;
  }
}
