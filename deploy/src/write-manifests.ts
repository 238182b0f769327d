/** `npm run deploy:manifests`: rewrites the generated files under deploy/k8s (see manifests.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { K8S_DIR, generatedManifests } from './manifests';

let written = 0;
for (const [relative, content] of generatedManifests()) {
  const file = path.join(K8S_DIR, relative);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  written += 1;
  process.stdout.write(`wrote deploy/k8s/${relative}\n`);
}
process.stdout.write(`${written} file(s) changed\n`);
