// The opening-hours feature's public face.
export * from './opening-hours.ts';
