import type { Feature } from './context';

/** Every editor feature the server offers; each lives in its own module under features/. */
export const features: Feature[] = [];
