/** `npm run deploy:manifests`: rewrites the generated files under deploy/k8s and deploy/observability (see manifests.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_DIR, K8S_DIR, OBSERVABILITY_DIR, generatedManifests, generatedObservability } from './manifests';

let written = 0;
for (const [dir, generated] of [
  [K8S_DIR, generatedManifests()],
  [OBSERVABILITY_DIR, generatedObservability()],
] as const) {
  for (const [relative, content] of generated) {
    const file = path.join(dir, relative);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written += 1;
    process.stdout.write(`wrote deploy/${path.relative(DEPLOY_DIR, file)}\n`);
  }
}
process.stdout.write(`${written} file(s) changed\n`);
