import type { Feature } from './context';
import { codeActionsFeature } from './features/codeActions';

/** Every editor feature the server offers; each lives in its own module under features/. */
export const features: Feature[] = [codeActionsFeature];
