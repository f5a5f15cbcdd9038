/** Types of bin/launch.mjs, which stays plain JavaScript like the rest of bin/. */
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const SERVER_ENV: Readonly<Record<string, string>>;
