/**
 * The case's public events are the contract in `@aftercare/contracts` (types, constants; one
 * JSON Schema and example per type in libs/contracts). The domain records exactly those shapes,
 * so it uses them directly rather than a copy that could drift.
 */
export * from '@aftercare/contracts/intake';
