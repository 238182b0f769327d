import { DomainError } from '@aftercare/ddd';
import { addInformation, missingForRegistration, receivedState, updateDetails } from './case-details';
import { T0, hours, receiveInput, registered, routed, stateOf } from './testing/service-request.builders';

const failure = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
};

describe('case details', () => {
  it('a received case starts with the delivered details and nothing decided', () => {
    const s = receivedState(receiveInput());
    expect(s).toMatchObject({ id: 'case-1', status: 'received', receivedAt: T0, classification: null, entitlement: null, misuse: false, work: [] });
    expect(s.customer.name).toBe('Acme Pumps Ltd');
  });

  it('names every malformed field at once, in the one field-error shape', () => {
    const error = failure(() => receivedState({ ...receiveInput(), id: ' ', customer: { email: 'nope' }, preferredTime: { from: hours(2), to: hours(1) } }));
    expect(error).toMatchObject({ code: 'SERVICE_REQUEST_INVALID', kind: 'invalid' });
    expect(error.fieldErrors).toEqual([
      { field: 'id', message: 'is required' },
      { field: 'customer.email', message: 'must be an e-mail address' },
    ]);
  });

  it('a preferred time that ends before it starts is a rule across fields (422), after the shape errors', () => {
    expect(failure(() => receivedState({ ...receiveInput(), preferredTime: { from: hours(2), to: hours(1) } }))).toMatchObject({
      code: 'SERVICE_REQUEST_PREFERRED_TIME_REVERSED',
      kind: 'rule',
      fieldErrors: [{ field: 'preferredTime.to', message: 'must not be before preferredTime.from' }],
    });
    expect(failure(() => updateDetails(stateOf(routed()), { preferredTime: { from: hours(2), to: hours(1) } }))).toMatchObject({
      code: 'SERVICE_REQUEST_PREFERRED_TIME_REVERSED',
    });
  });

  it('updates record one fact naming the changed groups in a fixed order, and nothing when nothing changed', () => {
    const s = stateOf(routed());
    expect(updateDetails(s, { externalRef: 'CRM-9', customer: { phone: '1' }, at: hours(1) })).toEqual([
      { kind: 'detailsChanged', at: hours(1), changed: ['customer', 'externalRef'] },
    ]);
    expect(s.externalRef).toBe('CRM-9');
    expect(updateDetails(s, { externalRef: 'CRM-9' })).toEqual([]);
  });

  it('a rejected update leaves the state as it was', () => {
    const s = stateOf(registered());
    const before = JSON.stringify(s);
    expect(failure(() => updateDetails(s, { customer: { name: null, phone: 'x' } }))).toMatchObject({
      code: 'SERVICE_REQUEST_INCOMPLETE',
      fieldErrors: [{ field: 'customer.name', message: 'is required' }],
      details: { missing: ['customer.name'] },
    });
    expect(JSON.stringify(s)).toBe(before);
  });

  it('added information becomes a note; the fact counts the new attachments', () => {
    const s = stateOf(routed());
    const [fact] = addInformation(s, { attachments: [{ id: 'att-2', name: 'b', uri: 'u' }], at: hours(1) });
    expect(fact).toEqual({
      kind: 'informationAdded',
      at: hours(1),
      note: { text: null, attachmentIds: ['att-2'], addedBy: null, addedAt: hours(1), sourceCaseId: null },
      attachmentCount: 1,
    });
    expect(s.attachments.map((a) => a.id)).toEqual(['att-1', 'att-2']);
  });

  it('attachment ids are unique within the case: one the case holds or one given twice is a rule (422), every item named', () => {
    const s = stateOf(routed());
    const before = JSON.stringify(s);
    const att = (id: string) => ({ id, name: 'photo.jpg', uri: `files://acme/${id}` });
    expect(failure(() => addInformation(s, { attachments: [att('att-2'), att('att-1'), att('att-2')] }))).toMatchObject({
      code: 'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN',
      kind: 'rule',
      fieldErrors: [
        { field: 'attachments[1].id', message: 'the case already holds attachment att-1' },
        { field: 'attachments[2].id', message: 'attachment att-2 is given twice' },
      ],
    });
    expect(JSON.stringify(s)).toBe(before);
    expect(failure(() => receivedState({ ...receiveInput(), attachments: [att('a'), att('a')] }))).toMatchObject({
      code: 'SERVICE_REQUEST_ATTACHMENT_ID_TAKEN',
      fieldErrors: [{ field: 'attachments[1].id', message: 'attachment a is given twice' }],
    });
  });

  it('a blank attachment id, name or uri is malformed input (400), reported before any id rule', () => {
    const error = failure(() => receivedState({ ...receiveInput(), attachments: [{ id: ' ', name: '\u3000', uri: '\t' }, { id: ' ', name: 'b', uri: 'u' }] }));
    expect(error).toMatchObject({ code: 'SERVICE_REQUEST_INVALID', kind: 'invalid' });
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['attachments[0].id', 'attachments[0].name', 'attachments[0].uri', 'attachments[1].id']);
  });

  it('registration needs name, a contact, a description and a type; a site for field service; a model for product types', () => {
    const empty = { customer: stateOf(routed()).customer, product: { model: null, serialNumber: null, purchaseDate: null }, problemDescription: null, requestedType: null };
    expect(missingForRegistration({ ...empty, customer: { ...empty.customer, name: null, phone: null, email: null } })).toEqual([
      'customer.name',
      'customer.phone|customer.email',
      'problemDescription',
      'requestedType',
    ]);
    expect(missingForRegistration({ ...empty, problemDescription: 'x', requestedType: 'repair', customer: { ...empty.customer, zone: null } })).toEqual([
      'customer.zone',
      'product.model',
    ]);
    expect(missingForRegistration({ ...empty, problemDescription: 'x', requestedType: 'suggestion' })).toEqual([]);
  });
});
