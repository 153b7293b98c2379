/** Time in sanimap: instants, calendar periods and dates shown, all in a named time zone. */
export * from './time-zone';
export * from './clock';
export * from './instants';
export * from './periods';
export * from './display';
