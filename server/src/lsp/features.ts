import type { Feature } from './context';
import { codeActionsFeature } from './features/codeActions';
import { codeLensFeature } from './features/codeLens';
import { hoverFeature } from './features/hover';
import { navigationFeature } from './features/navigation';
import { renameFeature } from './features/rename';

/** Every editor feature the server offers; each lives in its own module under features/. */
export const features: Feature[] = [codeActionsFeature, hoverFeature, codeLensFeature, navigationFeature, renameFeature];
