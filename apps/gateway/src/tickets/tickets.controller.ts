import { Controller, Get, Param } from '@nestjs/common';
import { TicketsService, type TicketView } from './tickets.service';

@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get(':id')
  get(@Param('id') id: string): Promise<TicketView> {
    return this.tickets.get(id);
  }
}
