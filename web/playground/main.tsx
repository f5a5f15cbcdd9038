// Placeholder replaced by the playground implementation.
export {};
