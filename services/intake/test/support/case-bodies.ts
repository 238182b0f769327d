/** A phone request of a customer intake does not know, as the agent registers it (`POST /service-requests`). */
export function phoneRequest(customerId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    customer: { customerId, name: 'Zhang Min', phone: '+86 10 5555 0199', address: '9 Mill Lane, Beijing', zone: 'suburb' },
    product: { model: 'CP-200', serialNumber: `SN-${customerId}` },
    problemDescription: 'Motor overheats after an hour',
    requestedType: 'repair',
    severity: 'minor',
    urgency: 'normal',
    ...overrides,
  };
}
