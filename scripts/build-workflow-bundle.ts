/**
 * `npm run build:workflow-bundle -- [file]`: bundles the workflow code into one file (default
 * dist/workflow-bundle.js) for workers started with WORKFLOW_BUNDLE_PATH. The container image runs this at build
 * time, so its workers start without webpack and a replay always uses exactly the code the image was built with.
 */
import path from 'node:path';
import { writeWorkflowBundle } from '../worker/workflow-bundle-file';

const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'workflow-bundle.js'));

writeWorkflowBundle(file).then(
  () => console.log(`workflow bundle written to ${file}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
