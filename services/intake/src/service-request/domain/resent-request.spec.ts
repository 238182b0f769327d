import { newInformationOf } from './resent-request';
import type { Attachment, InformationNote } from './service-request.types';

const photo: Attachment = { id: 'att-1', name: 'leak.jpg', uri: 'https://files.example/att-1' };
const video: Attachment = { id: 'att-2', name: 'noise.mp4', uri: 'https://files.example/att-2' };
const note = (text: string | null): InformationNote => ({ text, attachmentIds: [], addedBy: null, addedAt: new Date(0), sourceCaseId: null });
const target = (attachments: Attachment[] = [photo], notes: InformationNote[] = []) => ({ attachments, notes, problemDescription: 'Pump leaks' });

describe('what a re-sent request adds to the case it reached', () => {
  it('nothing when it is the same request again', () => {
    expect(newInformationOf({ problemDescription: 'Pump leaks', attachments: [photo] }, { problemDescription: 'Pump leaks' }, target())).toBeNull();
  });

  it('attachments the case does not hold yet', () => {
    expect(newInformationOf({ problemDescription: 'Pump leaks', attachments: [photo, video] }, { problemDescription: 'Pump leaks' }, target())).toEqual({
      text: null,
      attachments: [video],
    });
  });

  it('a rewritten description, once: not when the survivor already has it as a note or as its own description', () => {
    const resent = { problemDescription: 'Pump leaks and hums', attachments: [] };
    expect(newInformationOf(resent, { problemDescription: 'Pump leaks' }, target())).toEqual({ text: 'Pump leaks and hums', attachments: [] });
    expect(newInformationOf(resent, { problemDescription: 'Pump leaks' }, target([photo], [note('Pump leaks and hums')]))).toBeNull();
    expect(newInformationOf({ problemDescription: ' Pump leaks ', attachments: [] }, { problemDescription: 'Other words' }, target())).toBeNull();
  });

  it('a duplicate\'s own description, which the survivor has as the merged note, is not new', () => {
    const survivor = target([photo], [note('It also smells burnt')]);
    expect(newInformationOf({ problemDescription: 'It also smells burnt', attachments: [] }, { problemDescription: 'It also smells burnt' }, survivor)).toBeNull();
  });
});
