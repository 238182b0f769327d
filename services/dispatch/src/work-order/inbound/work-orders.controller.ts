import { applyDecorators, Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, TenantId, type Principal, type Role } from '@aftercare/auth';
import {
  ApiCommand,
  ApiList,
  ApiProblem,
  ApiRead,
  ApiStandardProblems,
  ApiWholeList,
  expectation,
  preconditionOf,
  setEtag,
  underPrecondition,
} from '@aftercare/http';
import type { WorkOrder } from '../domain';
import { WorkOrderCommands, type Actor } from '../application/work-order-commands';
import { WorkOrderQueries, type Page } from '../application/work-order-queries';
import { DispatchBoard, WorkOrderPage, WorkOrderView } from '../application/work-order.view';
import {
  AssignDto,
  AwaitPartsDto,
  CarryInDto,
  CommandDto,
  CompleteDto,
  DepartDto,
  ListWorkOrdersQueryDto,
  NoteDto,
  CancelDto,
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

const CONFLICT = 'WORK_ORDER_ILLEGAL_TRANSITION; CONCURRENT_MODIFICATION (a stale expectedVersion, or a concurrent change)';

/** A command on an order: 200 with the order after it and its new ETag; If-Match (412); 409. */
const OrderCommand = (summary: string, problems: Partial<Record<number, string>> = {}): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.OK),
    ApiCommand({ summary, ok: WorkOrderView, okDescription: 'The order after the command (ETag: its new version)', problems: { 409: CONFLICT, ...problems } }),
  );

/**
 * Work orders over HTTP: the dispatcher's board (list, detail with every assignment decision and why),
 * the dispatcher's commands (override, QC, cancel, escalate) and the technician's field workflow.
 * Every command takes `If-Match: "<version>"` (a stale one is 412 PRECONDITION_FAILED) or, for
 * older clients, `expectedVersion` in the body (a stale one stays 409 CONCURRENT_MODIFICATION).
 * Every answer with one order carries its version as `ETag`.
 */
@ApiTags('work-orders')
@ApiStandardProblems()
@ApiProblem(400, 'VALIDATION_FAILED, WORK_ORDER_INVALID, WORK_ORDER_REPORT_INVALID (field errors)')
@ApiProblem(404, "WORK_ORDER_NOT_FOUND (also another tenant's order)")
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly commands: WorkOrderCommands,
    private readonly queries: WorkOrderQueries,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiList({ summary: 'List work orders', description: 'Newest first; filter by status, technician, case; cursor paging.', page: WorkOrderPage })
  list(@TenantId() tenantId: string, @Query() query: ListWorkOrdersQueryDto): Promise<Page<WorkOrderView>> {
    return this.queries.list(tenantId, query);
  }

  @Get('board')
  @Roles('dispatcher', 'manager')
  @ApiWholeList({
    summary: "The dispatcher's board: orders waiting for a technician",
    description: 'Carried over from earlier days first (oldest carry-over first: most days carried, then created first), then by queue rank, arrival deadline and age.',
    list: DispatchBoard,
    why: 'only orders still waiting for a technician: assigned at once, or again when the next shifts start',
  })
  board(@TenantId() tenantId: string): Promise<DispatchBoard> {
    return this.queries.board(tenantId);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiRead({
    summary: 'Read a work order',
    description: 'With assignmentDecisions: per decision the best eligible candidates and scores, and per-filter rejection counts.',
    ok: WorkOrderView,
    okDescription: 'The order (ETag: its version)',
  })
  async get(@TenantId() tenantId: string, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<WorkOrderView> {
    const view = await this.queries.get(tenantId, id);
    setEtag(response, view.version);
    return view;
  }

  // ------------------------------------------------------------------ dispatcher

  @Post(':id/assign')
  @Roles('dispatcher')
  @OrderCommand('Dispatcher override: assign a named technician (from created or declined)', { 422: 'WORK_ORDER_TECHNICIAN_INACTIVE' })
  assign(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: AssignDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.overrideAssign(actor(p), id, { ...e, technicianId: body.technicianId, reason: body.reason }));
  }

  @Post(':id/verify')
  @Roles('dispatcher')
  @OrderCommand('QC passed (completed → verified)')
  verify(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RemarksDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.verify(actor(p), id, { ...e, remarks: body.remarks }));
  }

  @Post(':id/rework')
  @Roles('dispatcher')
  @OrderCommand('QC failed: back to in_progress as rework')
  rework(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReasonDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.requireRework(actor(p), id, { ...e, reason: body.reason }));
  }

  @Post(':id/repaired')
  @Roles('dispatcher')
  @OrderCommand("Carry-in: the supervisor's inspection of the workshop repair (needs a repair card)", { 422: 'WORK_ORDER_REPAIR_CARD_MISSING' })
  repaired(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RemarksDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.markRepaired(actor(p), id, { ...e, remarks: body.remarks }));
  }

  @Post(':id/close')
  @Roles('dispatcher')
  @OrderCommand('Close a verified order')
  close(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.close(actor(p), id, e));
  }

  @Post(':id/cancel')
  @Roles('dispatcher')
  @OrderCommand('Cancel (not once completed, nor while the item is in the workshop)')
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CancelDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.cancel(actor(p), id, { ...e, reason: body.reason, reasonCode: body.reasonCode }));
  }

  @Post(':id/misuse')
  @Roles(...FIELD)
  @OrderCommand('Misuse found on the job (on site or in the workshop, before the report): the order becomes fee class A', {
    409: `${CONFLICT}; not while the technician is on the job`,
  })
  flagMisuse(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: NoteDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.flagMisuse(actor(p), id, { ...e, note: body.note }));
  }

  @Post(':id/escalate')
  @Roles('dispatcher', 'technician')
  @OrderCommand('Escalate to the dispatcher (a dispatcher, or the assigned technician asking for help)')
  escalate(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: NoteDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.escalate(actor(p), id, { ...e, note: body.note }));
  }

  // ------------------------------------------------------------------ field workflow

  @Post(':id/accept')
  @Roles(...FIELD)
  @OrderCommand('The assigned technician accepts the job', { 403: 'WORK_ORDER_NOT_ASSIGNEE: a technician acting on an order not assigned to them' })
  accept(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.accept(actor(p), id, e));
  }

  @Post(':id/decline')
  @Roles(...FIELD)
  @OrderCommand('The assigned technician declines; the order is reassigned at once (or escalated when nobody fits)')
  decline(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReasonDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.decline(actor(p), id, { ...e, reason: body.reason }));
  }

  @Post(':id/schedule')
  @Roles(...FIELD)
  @OrderCommand('Appointment window agreed with the customer (again to reschedule)')
  schedule(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ScheduleDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) =>
      this.commands.schedule(actor(p), id, {
        ...e,
        windowStart: new Date(body.windowStart),
        windowEnd: new Date(body.windowEnd),
        agreedWith: body.agreedWith,
      }),
    );
  }

  @Post(':id/customer-wait')
  @Roles(...FIELD)
  @OrderCommand('The customer asks for a later appointment: the order waits for the window, its arrival clock paused until the window starts')
  awaitCustomer(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ScheduleDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) =>
      this.commands.awaitCustomer(actor(p), id, {
        ...e,
        windowStart: new Date(body.windowStart),
        windowEnd: new Date(body.windowEnd),
        agreedWith: body.agreedWith,
      }),
    );
  }

  @Post(':id/depart')
  @Roles(...FIELD)
  @OrderCommand('En route to the site')
  depart(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: DepartDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.depart(actor(p), id, { ...e, estimatedArrivalAt: date(body.estimatedArrivalAt) }));
  }

  @Post(':id/arrive')
  @Roles(...FIELD)
  @OrderCommand('On site (a late arrival records the arrival breach)')
  arrive(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.arrive(actor(p), id, e));
  }

  @Post(':id/start')
  @Roles(...FIELD)
  @OrderCommand('Work starts on site (or, for a carried-in item, the workshop repair)')
  start(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.start(actor(p), id, e));
  }

  @Post(':id/await-parts')
  @Roles(...FIELD)
  @OrderCommand('Work stops for parts (published for the parts service)')
  awaitParts(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: AwaitPartsDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) =>
      this.commands.awaitParts(actor(p), id, {
        ...e,
        parts: body.parts.map((x) => ({ partNo: x.partNo, quantity: x.quantity, ...(x.description ? { description: x.description } : {}) })),
        neededBy: date(body.neededBy),
      }),
    );
  }

  @Post(':id/resume')
  @Roles(...FIELD)
  @OrderCommand('Parts arrived: work resumes')
  resume(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CommandDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.resume(actor(p), id, e));
  }

  @Post(':id/complete')
  @Roles(...FIELD)
  @OrderCommand('File the service report and complete', { 422: 'WORK_ORDER_REPORT_INCOMPLETE: fault cause, resolution or parts list missing (errors name them)' })
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CompleteDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    const report = body.report;
    return this.run(m, body, r, (e) =>
      this.commands.complete(actor(p), id, {
        ...e,
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
  @Roles(...FIELD)
  @OrderCommand('Not fixable on site: the item goes to the workshop against a receipt')
  carryIn(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: CarryInDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.carryIn(actor(p), id, { ...e, receiptNo: body.receiptNo, promisedReturnDate: new Date(body.promisedReturnDate) }),
    );
  }

  @Post(':id/repair-card')
  @Roles(...FIELD)
  @OrderCommand('Carry-in: write the repair card (hours, parts) — replaces the card')
  repairCard(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: RepairCardDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) =>
      this.commands.updateRepairCard(actor(p), id, {
        ...e,
        actualHours: body.actualHours,
        parts: body.parts.map((x) => ({ ...x })),
        notes: body.notes,
      }),
    );
  }

  @Post(':id/return')
  @Roles(...FIELD)
  @OrderCommand('Carry-in: the item goes back to the customer, who signs')
  returnToCustomer(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: ReturnDto, @Headers('if-match') m: string | undefined, @Res({ passthrough: true }) r: Response) {
    return this.run(m, body, r, (e) => this.commands.returnToCustomer(actor(p), id, { ...e, signature: signature(body.signature) }));
  }

  /** A command under the request's If-Match (or legacy expectedVersion); answers the order with its new ETag. */
  private run(
    ifMatch: string | undefined,
    body: CommandDto,
    response: Response,
    command: (expect: { expectedVersion?: number }) => Promise<WorkOrder>,
  ): Promise<WorkOrderView> {
    const precondition = preconditionOf(ifMatch, body.expectedVersion);
    return underPrecondition(precondition, async () => {
      const order = await command(expectation(precondition));
      setEtag(response, order.version);
      return this.queries.view(order);
    });
  }
}

function actor(principal: Principal): Actor {
  return { tenantId: principal.tenantId, subject: principal.subject, roles: principal.roles };
}
