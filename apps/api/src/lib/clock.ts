/**
 * "Now" for rules that depend on time (grace periods, SLA clocks). The app takes it from its
 * dependencies, so tests move time instead of waiting for it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
