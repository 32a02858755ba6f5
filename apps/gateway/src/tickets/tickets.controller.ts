import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AuthedRequest } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { TicketsService, type TicketView } from './tickets.service';

@ApiTags('tickets')
@Roles('consumer', 'admin')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get(':id')
  get(@Param('id') id: string, @Req() req: AuthedRequest): Promise<TicketView> {
    return this.tickets.get(id, req.principal!);
  }
}
