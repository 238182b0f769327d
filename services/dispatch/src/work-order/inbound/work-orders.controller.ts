import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal, type Role } from '@aftercare/auth';
import type { WorkOrder } from '../domain';
import { WorkOrderCommands, type Actor } from '../application/work-order-commands';
import { WorkOrderQueries, type Page } from '../application/work-order-queries';
import type { WorkOrderView } from '../application/work-order-view';
import { expectedVersionOf } from './expected-version';
import {
  AssignDto,
  AwaitPartsDto,
  CarryInDto,
  CommandDto,
  CompleteDto,
  DepartDto,
  ListWorkOrdersQueryDto,
  NoteDto,
  ReasonDto,
  RemarksDto,
  RepairCardDto,
  ReturnDto,
  ScheduleDto,
  SignatureDto,
} from './work-order.dto';

const READERS: [Role, ...Role[]] = ['dispatcher', 'technician', 'manager'];
/** Field steps: the assigned technician, or a dispatcher acting for them. */
const FIELD: [Role, ...Role[]] = ['technician', 'dispatcher'];

const date = (s: string | undefined): Date | null => (s === undefined ? null : new Date(s));
const signature = (s: SignatureDto) => ({ name: s.name, signedAt: new Date(s.signedAt), signatureRef: s.signatureRef });

/**
 * Work orders over HTTP: the dispatcher's board (list, detail with every assignment decision and why),
 * the dispatcher's commands (override, QC, cancel, escalate) and the technician's field workflow.
 * Every command takes `If-Match: <version>` or `expectedVersion`; a stale one answers 409
 * CONCURRENT_MODIFICATION. Responses carry the new version in `ETag`.
 */
@ApiTags('work-orders')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED, WORK_ORDER_INVALID, WORK_ORDER_REPORT_INVALID (field errors)' })
@ApiNotFoundResponse({ description: "WORK_ORDER_NOT_FOUND (also another tenant's order)" })
@ApiConflictResponse({ description: 'WORK_ORDER_ILLEGAL_TRANSITION, CONCURRENT_MODIFICATION' })
@ApiHeader({ name: 'If-Match', required: false, description: 'Commands: the version read' })
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly commands: WorkOrderCommands,
    private readonly queries: WorkOrderQueries,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'List work orders', description: 'Newest first; filter by status, technician, case; cursor paging.' })
  list(@TenantId() tenantId: string, @Query() query: ListWorkOrdersQueryDto): Promise<Page<WorkOrderView>> {
    return this.queries.list(tenantId, query);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Read a work order',
    description: 'With assignmentDecisions: per decision the best eligible candidates and scores, and per-filter rejection counts.',
  })
  @ApiOkResponse({ description: 'The order (ETag: its version)' })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<WorkOrderView> {
    const view = await this.queries.get(tenantId, id);
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  // ------------------------------------------------------------------ dispatcher

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Dispatcher override: assign a named technician (from created or declined)' })
  @ApiUnprocessableEntityResponse({ description: 'WORK_ORDER_TECHNICIAN_INACTIVE' })
  assign(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: AssignDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.overrideAssign(actor(p), id, { ...expect(m, body), technicianId: body.technicianId, reason: body.reason }));
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'QC passed (completed → verified)' })
  verify(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RemarksDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.verify(actor(p), id, { ...expect(m, body), remarks: body.remarks }));
  }

  @Post(':id/rework')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'QC failed: back to in_progress as rework' })
  rework(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReasonDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.requireRework(actor(p), id, { ...expect(m, body), reason: body.reason }));
  }

  @Post(':id/repaired')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: "Carry-in: the supervisor's inspection of the workshop repair (needs a repair card)" })
  @ApiUnprocessableEntityResponse({ description: 'WORK_ORDER_REPAIR_CARD_MISSING' })
  repaired(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RemarksDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.markRepaired(actor(p), id, { ...expect(m, body), remarks: body.remarks }));
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Close a verified order' })
  close(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.close(actor(p), id, expect(m, body)));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Cancel (not once completed, nor while the item is in the workshop)' })
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReasonDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.cancel(actor(p), id, { ...expect(m, body), reason: body.reason }));
  }

  @Post(':id/escalate')
  @HttpCode(HttpStatus.OK)
  @Roles('dispatcher', 'technician')
  @ApiOperation({ summary: 'Escalate to the dispatcher (a dispatcher, or the assigned technician asking for help)' })
  escalate(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: NoteDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.escalate(actor(p), id, { ...expect(m, body), note: body.note }));
  }

  // ------------------------------------------------------------------ field workflow

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'The assigned technician accepts the job' })
  @ApiForbiddenResponse({ description: 'WORK_ORDER_NOT_ASSIGNEE: a technician acting on an order not assigned to them' })
  accept(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.accept(actor(p), id, expect(m, body)));
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'The assigned technician declines; the order is reassigned at once (or escalated when nobody fits)' })
  decline(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReasonDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.decline(actor(p), id, { ...expect(m, body), reason: body.reason }));
  }

  @Post(':id/schedule')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Appointment window agreed with the customer (again to reschedule)' })
  schedule(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ScheduleDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(
      r,
      this.commands.schedule(actor(p), id, {
        ...expect(m, body),
        windowStart: new Date(body.windowStart),
        windowEnd: new Date(body.windowEnd),
        agreedWith: body.agreedWith,
      }),
    );
  }

  @Post(':id/depart')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'En route to the site' })
  depart(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: DepartDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.depart(actor(p), id, { ...expect(m, body), estimatedArrivalAt: date(body.estimatedArrivalAt) }));
  }

  @Post(':id/arrive')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'On site (a late arrival records the arrival breach)' })
  arrive(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.arrive(actor(p), id, expect(m, body)));
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Work starts on site (or, for a carried-in item, the workshop repair)' })
  start(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.start(actor(p), id, expect(m, body)));
  }

  @Post(':id/await-parts')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Work stops for parts (published for the parts service)' })
  awaitParts(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: AwaitPartsDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(
      r,
      this.commands.awaitParts(actor(p), id, {
        ...expect(m, body),
        parts: body.parts.map((x) => ({ partNo: x.partNo, quantity: x.quantity, ...(x.description ? { description: x.description } : {}) })),
        neededBy: date(body.neededBy),
      }),
    );
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Parts arrived: work resumes' })
  resume(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.resume(actor(p), id, expect(m, body)));
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'File the service report and complete' })
  @ApiUnprocessableEntityResponse({ description: 'WORK_ORDER_REPORT_INCOMPLETE: fault cause, resolution or parts list missing (errors name them)' })
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CompleteDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    const report = body.report;
    return this.run(
      r,
      this.commands.complete(actor(p), id, {
        ...expect(m, body),
        report: {
          faultCause: report.faultCause,
          faultCategory: report.faultCategory,
          resolution: report.resolution,
          partsReplaced: report.partsReplaced?.map((x) => ({ ...x })),
          labourHours: report.labourHours,
          travelHours: report.travelHours,
          personTimes: report.personTimes,
          customerAcceptance: report.customerAcceptance ? signature(report.customerAcceptance) : null,
        },
      }),
    );
  }

  @Post(':id/carry-in')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Not fixable on site: the item goes to the workshop against a receipt' })
  carryIn(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CarryInDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(
      r,
      this.commands.carryIn(actor(p), id, { ...expect(m, body), receiptNo: body.receiptNo, promisedReturnDate: new Date(body.promisedReturnDate) }),
    );
  }

  @Post(':id/repair-card')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Carry-in: write the repair card (hours, parts) — replaces the card' })
  repairCard(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RepairCardDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(
      r,
      this.commands.updateRepairCard(actor(p), id, {
        ...expect(m, body),
        actualHours: body.actualHours,
        parts: body.parts.map((x) => ({ ...x })),
        notes: body.notes,
      }),
    );
  }

  @Post(':id/return')
  @HttpCode(HttpStatus.OK)
  @Roles(...FIELD)
  @ApiOperation({ summary: 'Carry-in: the item goes back to the customer, who signs' })
  returnToCustomer(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReturnDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(r, this.commands.returnToCustomer(actor(p), id, { ...expect(m, body), signature: signature(body.signature) }));
  }

  private async run(response: Response, command: Promise<WorkOrder>): Promise<WorkOrderView> {
    const order = await command;
    response.setHeader('ETag', `"${order.version}"`);
    return this.queries.view(order);
  }
}

function actor(principal: Principal): Actor {
  return { tenantId: principal.tenantId, subject: principal.subject, roles: principal.roles };
}

function expect(ifMatch: string | undefined, body: CommandDto): { expectedVersion?: number } {
  const expectedVersion = expectedVersionOf(ifMatch, body.expectedVersion);
  return expectedVersion === undefined ? {} : { expectedVersion };
}
