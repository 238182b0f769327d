import { documentWritesOf } from './mongo.module';

describe('document writes a store command carries', () => {
  it('counts the documents of an insert, the updates of an update and the deletes of a delete', () => {
    expect(documentWritesOf('insert', { insert: 'cases', documents: [{}, {}, {}] })).toBe(3);
    expect(documentWritesOf('update', { update: 'cases', updates: [{}, {}] })).toBe(2);
    expect(documentWritesOf('delete', { delete: 'leases', deletes: [{}] })).toBe(1);
  });

  it('counts a findAndModify as one and a read as none', () => {
    expect(documentWritesOf('findAndModify', { findAndModify: 'keys' })).toBe(1);
    expect(documentWritesOf('find', { find: 'cases', filter: {} })).toBe(0);
  });

  it('counts none when the command carries no list', () => {
    expect(documentWritesOf('insert', { insert: 'cases' })).toBe(0);
  });
});
