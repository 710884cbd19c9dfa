import type { Feature } from './context';
import { appsFeature } from './features/apps';
import { codeActionsFeature } from './features/codeActions';
import { codeLensFeature } from './features/codeLens';
import { completionFeature } from './features/completion';
import { connectivityFeature } from './features/connectivity';
import { hoverFeature } from './features/hover';
import { inlayHintsFeature } from './features/inlayHints';
import { iptablesFeature } from './features/iptables';
import { navigationFeature } from './features/navigation';
import { renameFeature } from './features/rename';
import { symbolsFeature } from './features/symbols';
import { traceFeature } from './features/trace';
import { traceHttpFeature } from './features/trace-http';

/** Every editor feature the server offers; each lives in its own module under features/. */
export const features: Feature[] = [
  codeActionsFeature,
  hoverFeature,
  codeLensFeature,
  navigationFeature,
  renameFeature,
  completionFeature,
  inlayHintsFeature,
  symbolsFeature,
  traceFeature,
  traceHttpFeature,
  iptablesFeature,
  appsFeature,
  connectivityFeature,
];
