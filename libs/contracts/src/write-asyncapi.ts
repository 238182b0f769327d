import { ASYNCAPI_FILE, writeAsyncApi } from './asyncapi';

writeAsyncApi();
process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
